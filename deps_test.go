package hooksig_test

import (
	_ "github.com/go-chi/chi/v5"
	_ "github.com/stretchr/testify/assert"
	_ "github.com/stretchr/testify/require"
)

module github.com/hooksig/hooksig/_example

// Go 1.25, as the root module promises.
go 1.25

require (
	github.com/go-chi/chi/v5 v5.5.0
	github.com/hooksig/hooksig v0.0.0
	github.com/stretchr/testify v1.12.1
)

require go.yaml.in/yaml/v3 v3.0.5 // indirect

replace github.com/hooksig/hooksig => ../

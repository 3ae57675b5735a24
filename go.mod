module github.com/hooksig/hooksig

// Go 1.25 is the oldest release CI promises (testing/synctest, b.Loop).
go 1.25

require github.com/stretchr/testify v1.12.1

require go.yaml.in/yaml/v3 v3.0.5 // indirect

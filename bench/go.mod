module github.com/hooksig/hooksig/bench

go 1.26.0

require (
	github.com/google/go-github/v93 v93.0.0
	github.com/hooksig/hooksig v0.0.0
	github.com/standard-webhooks/standard-webhooks/libraries v0.0.1
	github.com/svix/svix-webhooks v1.99.1
)

require (
	github.com/google/go-querystring v1.2.0 // indirect
	github.com/google/uuid v1.6.0 // indirect
)

replace github.com/hooksig/hooksig => ../

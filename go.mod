module github.com/hooksig/hooksig

// Go 1.25 is the oldest release CI promises (testing/synctest, b.Loop).
go 1.25

//go:build !race

package hooksig_test

// raceEnabled: under the race detector sync.Pool drops a quarter of what it is given, at
// random, so pooling is measured with a looser bound.
const raceEnabled = false

//go:build !browser

package app

// fixtureCandidates is the size of the simulated company the web tests
// sync: small, so the fixture builds in seconds.
const fixtureCandidates = 200

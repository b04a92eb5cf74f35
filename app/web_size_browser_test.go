//go:build browser

package app

// fixtureCandidates: the browser tests walk a company the size of a small
// demo.
const fixtureCandidates = 300

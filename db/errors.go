package db

import "errors"

// Errors callers branch on. The app maps them to HTTP statuses in one place.
var (
	ErrNotFound = errors.New("not found")
	ErrConflict = errors.New("conflict")
)

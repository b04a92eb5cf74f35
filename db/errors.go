package db

import (
	"errors"
	"fmt"
	"unicode"
	"unicode/utf8"
)

// Codes callers branch on with errors.Is. The app maps each to an HTTP
// status in one place (app/errors.go).
var (
	ErrNotFound     = errors.New("not found")
	ErrConflict     = errors.New("conflict")
	ErrInvalid      = errors.New("invalid input")
	ErrUnauthorized = errors.New("unauthorized")
	ErrForbidden    = errors.New("forbidden")
	ErrThrottled    = errors.New("too many attempts")
)

// Error is an error with a code and a message safe to show to the person
// whose request caused it. The message is written for them ("An account
// with email x already exists."); Err, when set, is the cause, for the log
// only. Wrapping an *Error with fmt.Errorf("...: %w") keeps both reachable:
// errors.Is finds the code, errors.As the message.
type Error struct {
	Code    error
	Message string
	Err     error
}

// Errorf returns an *Error with code and a message formatted for users.
func Errorf(code error, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

// Unwrap exposes the code and the cause to errors.Is and errors.As.
func (e *Error) Unwrap() []error {
	if e.Err != nil {
		return []error{e.Code, e.Err}
	}
	return []error{e.Code}
}

// SafeMessage returns the user-facing message of the first *Error in err's
// chain, with its first letter capitalised, and whether there was one.
func SafeMessage(err error) (string, bool) {
	var e *Error
	if !errors.As(err, &e) || e.Message == "" {
		return "", false
	}
	r, n := utf8.DecodeRuneInString(e.Message)
	return string(unicode.ToUpper(r)) + e.Message[n:], true
}

package db_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/shortlist-hq/shortlist/db"
)

func TestError(t *testing.T) {
	cause := errors.New("disk on fire")
	for _, tc := range []struct {
		name     string
		err      error
		code     error
		safe     string
		hasSafe  bool
		hasCause bool
	}{
		{"Plain", db.Errorf(db.ErrInvalid, "the name is empty"), db.ErrInvalid, "The name is empty", true, false},
		{"Wrapped", fmt.Errorf("app: save: %w", db.Errorf(db.ErrConflict, "email %s is taken", "a@b.c")), db.ErrConflict, "Email a@b.c is taken", true, false},
		{"WithCause", &db.Error{Code: db.ErrNotFound, Message: "no such job", Err: cause}, db.ErrNotFound, "No such job", true, true},
		{"Sentinel", fmt.Errorf("db: thing: %w", db.ErrConflict), db.ErrConflict, "", false, false},
		{"Other", cause, nil, "", false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.code != nil && !errors.Is(tc.err, tc.code) {
				t.Errorf("errors.Is(%v, %v) = false", tc.err, tc.code)
			}
			if got := errors.Is(tc.err, cause); got != tc.hasCause {
				t.Errorf("errors.Is(cause) = %v, want %v", got, tc.hasCause)
			}
			msg, ok := db.SafeMessage(tc.err)
			if msg != tc.safe || ok != tc.hasSafe {
				t.Errorf("SafeMessage = %q, %v; want %q, %v", msg, ok, tc.safe, tc.hasSafe)
			}
		})
	}
}

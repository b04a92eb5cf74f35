package app

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/mail"
	"strings"

	"golang.org/x/crypto/bcrypt"

	"github.com/shortlist-hq/shortlist/db"
)

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 10

// invalid is input a user must correct (db.ErrInvalid); the message says
// how.
func invalid(format string, args ...any) error {
	return db.Errorf(db.ErrInvalid, format, args...)
}

func checkPassword(pw string) error {
	if len([]rune(pw)) < MinPasswordLength {
		return invalid("the password must have at least %d characters", MinPasswordLength)
	}
	if len(pw) > 72 {
		// bcrypt reads only the first 72 bytes; refusing is clearer than
		// silently ignoring the rest.
		return invalid("the password must have at most 72 bytes")
	}
	return nil
}

func hashPassword(pw string) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(pw), bcrypt.DefaultCost)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return string(h), nil
}

// AddUser creates an account with a role (owner or recruiter).
func (a *App) AddUser(ctx context.Context, email, name, role, password string) (db.Account, error) {
	addr, err := mail.ParseAddress(strings.TrimSpace(email))
	if err != nil || addr.Address != strings.TrimSpace(email) {
		return db.Account{}, invalid("%q is not an email address", email)
	}
	if role != db.RoleOwner && role != db.RoleRecruiter {
		return db.Account{}, invalid("the role must be owner or recruiter, not %q", role)
	}
	if err := checkPassword(password); err != nil {
		return db.Account{}, err
	}
	h, err := hashPassword(password)
	if err != nil {
		return db.Account{}, err
	}
	return a.DB.CreateAccount(ctx, db.Account{Email: addr.Address, Name: strings.TrimSpace(name), Role: role, PasswordHash: h})
}

// SetPassword changes an account's password.
func (a *App) SetPassword(ctx context.Context, id int64, password string) error {
	if err := checkPassword(password); err != nil {
		return err
	}
	h, err := hashPassword(password)
	if err != nil {
		return err
	}
	return a.DB.UpdateAccount(ctx, id, db.AccountUpdate{PasswordHash: &h})
}

// RandomSecret returns n random bytes, URL-safe base64 encoded.
func RandomSecret(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// tokenPrefix starts every API token, so a leaked one is easy to recognise
// (and to find with secret scanners).
const tokenPrefix = "slt_"

func hashToken(tok string) string {
	sum := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(sum[:])
}

// CreateToken makes a personal API token for the account with this email.
// The token is returned once; only its hash is stored.
func (a *App) CreateToken(ctx context.Context, email, name string) (string, db.APIToken, error) {
	acct, err := a.DB.AccountByEmail(ctx, email)
	if err != nil {
		if errors.Is(err, db.ErrNotFound) {
			return "", db.APIToken{}, invalid("there is no account with email %s (add one with 'shortlist user add')", email)
		}
		return "", db.APIToken{}, err
	}
	if acct.Disabled {
		return "", db.APIToken{}, invalid("the account %s is disabled", email)
	}
	tok := tokenPrefix + RandomSecret(32)
	t, err := a.DB.CreateAPIToken(ctx, acct.ID, strings.TrimSpace(name), tok[:len(tokenPrefix)+6], hashToken(tok))
	return tok, t, err
}

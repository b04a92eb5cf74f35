package simulator

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Access tokens are JWT-shaped (HS256) so that clients treating them as
// opaque strings and clients peeking at "exp" both work.

type tokenClaims struct {
	Issuer   string `json:"iss"`
	Subject  string `json:"sub"`
	ClientID string `json:"client_id"`
	IssuedAt int64  `json:"iat"`
	Expires  int64  `json:"exp"`
	ID       string `json:"jti"`
}

var errTokenMalformed = errors.New("token could not be decoded")

var jwtHeader = base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))

func (s *Sim) sign(msg string) []byte {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(msg))
	return m.Sum(nil)
}

func (s *Sim) issueToken(clientID, sub string, now time.Time) string {
	c := tokenClaims{Issuer: "https://auth.greenhouse.io", Subject: sub, ClientID: clientID,
		IssuedAt: now.Unix(), Expires: now.Add(s.cfg.TokenTTL).Unix(), ID: strconv.FormatInt(s.jti.Add(1), 36)}
	b, _ := json.Marshal(c)
	msg := jwtHeader + "." + base64.RawURLEncoding.EncodeToString(b)
	return msg + "." + base64.RawURLEncoding.EncodeToString(s.sign(msg))
}

// parseToken checks a token's signature; expiry is checked separately so
// rate limiting can still attribute expired tokens to their client.
func (s *Sim) parseToken(tok string) (tokenClaims, error) {
	var c tokenClaims
	parts := strings.Split(tok, ".")
	if len(parts) != 3 || parts[0] != jwtHeader {
		return c, errTokenMalformed
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || !hmac.Equal(sig, s.sign(parts[0]+"."+parts[1])) {
		return c, errTokenMalformed
	}
	body, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil || json.Unmarshal(body, &c) != nil {
		return c, errTokenMalformed
	}
	return c, nil
}

func bearer(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

func constEq(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

// tokenGrants are the grant types Greenhouse's token endpoint names when it
// refuses another; the simulator issues client_credentials tokens only.
var tokenGrants = []string{"authorization_code", "refresh_token", "client_credentials", "urn:ietf:params:oauth:grant-type:token-exchange"}

// validClientID reports whether id ends in the "-<number>" suffix Greenhouse
// gives every client id.
func validClientID(id string) bool {
	i := strings.LastIndexByte(id, '-')
	if i <= 0 || i == len(id)-1 {
		return false
	}
	for _, c := range id[i+1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// errorID is the reference Greenhouse's auth server puts in its own error
// bodies ("errorId": "err-…").
func (s *Sim) errorID() string {
	return fmt.Sprintf("err-%012x", splitmix(uint64(s.errSeq.Add(1))^uint64(s.cfg.Seed))&0xffffffffffff)
}

// handleToken is POST /token, the OAuth2 client-credentials grant. Its
// refusals are Greenhouse's, in its order: no credentials at all (401
// {"message":"Unauthorized","errorId"}), a client id without Greenhouse's
// suffix (400 with a message), a missing or unknown grant type (400 with a
// message), then an unknown id or secret (401 {"error":"invalid_client"}).
func (s *Sim) handleToken(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeJSON(w, http.StatusMethodNotAllowed, map[string]any{"error": "method_not_allowed"})
		return
	}
	id, secret, hasBasic := r.BasicAuth()
	// The token endpoint has its own, longer window per client.
	if !s.limits.fixedWindow("token:"+id, s.cfg.RateLimitToken, time.Minute, s.now()).apply(w) {
		return
	}
	if s.injectFailure(w) {
		return
	}
	grant, sub := r.URL.Query().Get("grant_type"), ""
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct == "application/json" {
		// The OpenAPI document sends sub as JSON with grant_type in the
		// query; both styles are accepted.
		var body struct {
			GrantType string `json:"grant_type"`
			Sub       any    `json:"sub"`
		}
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&body); err == nil {
			if body.GrantType != "" {
				grant = body.GrantType
			}
			if body.Sub != nil {
				sub = strings.Trim(strings.TrimSpace(jsonScalar(body.Sub)), `"`)
			}
		}
	} else if err := r.ParseForm(); err == nil {
		if v := r.PostForm.Get("grant_type"); v != "" {
			grant = v
		}
		sub = r.Form.Get("sub")
	}
	if !hasBasic {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"message": "Unauthorized", "errorId": s.errorID()})
		return
	}
	// Greenhouse refuses a malformed client id before looking it up; the
	// configured id is accepted whatever its form.
	if id != s.cfg.ClientID && !validClientID(id) {
		writeJSON(w, http.StatusBadRequest, map[string]any{
			"message": fmt.Sprintf("client_id=%s does not contain a valid client ID suffix", id), "errorId": s.errorID()})
		return
	}
	if grant == "" {
		writeJSON(w, http.StatusBadRequest, map[string]any{"message": "Must include `grant_type` parameter in /token request"})
		return
	}
	if !slices.Contains(tokenGrants, grant) {
		writeJSON(w, http.StatusBadRequest, map[string]any{
			"message": fmt.Sprintf("grant_type=%s is invalid, please use one of: %s", grant, strings.Join(tokenGrants, ", "))})
		return
	}
	if grant != "client_credentials" {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": "unsupported_grant_type"})
		return
	}
	if !constEq(id, s.cfg.ClientID) || !constEq(secret, s.cfg.ClientSecret) {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"error": "invalid_client"})
		return
	}
	if sub != "" {
		uid, err := strconv.ParseInt(sub, 10, 64)
		s.mu.RLock()
		u, ok := s.st.users.get(uid)
		s.mu.RUnlock()
		if err != nil || !ok || u.Deactivated {
			writeJSON(w, http.StatusBadRequest, map[string]any{"error": "invalid_request",
				"error_description": "sub must be the id of an active user"})
			return
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token": s.issueToken(id, sub, s.now()),
		"token_type":   "Bearer",
		"expires_in":   int(s.cfg.TokenTTL.Seconds()),
	})
}

func jsonScalar(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

var unauthorizedV3 = apiError{Message: "Unauthorized",
	Errors: []string{"Token could not be decoded. Please ensure your token is from a trusted source."}}

var expiredV3 = apiError{Message: "Unauthorized",
	Errors: []string{"Token has expired. Please request a new token."}}

// authV3 validates the bearer token of a v3 request and the permission to
// read resource. It writes the error answer and returns false on failure.
func (s *Sim) authV3(w http.ResponseWriter, r *http.Request, resource string) bool {
	c, ok := s.tokenV3(w, r)
	if !ok {
		return false
	}
	s.mu.RLock()
	denied := s.deny[resource]
	var admin = true
	if c.Subject != "" {
		uid, _ := strconv.ParseInt(c.Subject, 10, 64)
		u, ok := s.st.users.get(uid)
		admin = ok && u.SiteAdmin && !u.Deactivated
	}
	s.mu.RUnlock()
	if !admin {
		writeJSON(w, http.StatusForbidden, apiError{Message: "Forbidden",
			Errors: []string{"GET endpoints are only accessible by site admin users"}})
		return false
	}
	if denied {
		writeJSON(w, http.StatusForbidden, apiError{Message: "Forbidden",
			Errors: []string{"This API credential is missing the harvest:" + resource + ":list permission."}})
		return false
	}
	return true
}

// tokenV3 reads the bearer token of a v3 request, answering 401 when it is
// not one the simulator issued or has expired.
func (s *Sim) tokenV3(w http.ResponseWriter, r *http.Request) (tokenClaims, bool) {
	c, err := s.parseToken(bearer(r))
	if err != nil {
		writeJSON(w, http.StatusUnauthorized, unauthorizedV3)
		return tokenClaims{}, false
	}
	if s.now().Unix() >= c.Expires {
		writeJSON(w, http.StatusUnauthorized, expiredV3)
		return tokenClaims{}, false
	}
	return c, true
}

// v3Client identifies the client of a v3 request for rate limiting, even
// when its token is expired; unreadable tokens share one bucket.
func (s *Sim) v3Client(r *http.Request) string {
	if c, err := s.parseToken(bearer(r)); err == nil {
		return "v3:" + c.ClientID
	}
	return "v3:-"
}

// authV1 checks v1 Basic auth (the API key as user name, blank password)
// and the permission to read resource.
func (s *Sim) authV1(w http.ResponseWriter, r *http.Request, resource string) bool {
	user, _, ok := r.BasicAuth()
	if !ok || !constEq(user, s.cfg.APIKey) {
		w.Header().Set("WWW-Authenticate", `Basic realm="Harvest API"`)
		writeJSON(w, http.StatusUnauthorized, apiError{Message: "Invalid Basic Auth credentials"})
		return false
	}
	s.mu.RLock()
	denied := s.deny[resource]
	s.mu.RUnlock()
	if denied {
		writeJSON(w, http.StatusForbidden, apiError{Message: "This API key does not have permission to access this endpoint."})
		return false
	}
	return true
}

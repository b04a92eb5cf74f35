package simulator

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// Config controls the generated data and the behaviour of the simulated API.
// The zero value is usable: New fills in the documented defaults.
type Config struct {
	// Seed drives every random choice. The same Seed, Epoch and Candidates
	// give the same records, ids and file bytes.
	Seed int64
	// Candidates is the number of candidates in the generated history
	// (default 2000).
	Candidates int
	// Jobs is the number of jobs; 0 scales with Candidates (30-60).
	Jobs int
	// Epoch is "now" for the generated history, which covers the two years
	// before it. Zero means time.Now().UTC().Truncate(24h).
	Epoch time.Time

	// ClientID and ClientSecret are the Harvest v3 OAuth2 client
	// credentials. Defaults: DefaultClientID and a secret derived from Seed.
	// Greenhouse's client ids end in "-<number>" (the default does); any id
	// is accepted here, so that scripts can choose their own.
	ClientID, ClientSecret string
	// APIKey is the Harvest v1 Basic-auth key (default derived from Seed).
	APIKey string
	// DenyResources lists v3 resource names (e.g. "candidates", "offers")
	// the credentials lack permission for: both v3 and the matching v1
	// routes answer 403. Write scopes are named "<resource>:create"
	// ("applications:create", "notes:create"; see write.go). Change it at
	// run time with SetDenyResources.
	DenyResources []string
	// EmptyLists makes every list route (v3 and v1) answer 200 with an
	// empty array, as Greenhouse answers a token whose user is not a Site
	// Admin. Change it at run time with SetEmptyLists.
	EmptyLists bool

	// RateLimitV3 is the number of requests per fixed 30 s window per v3
	// client id (default 75; negative = unlimited).
	RateLimitV3 int
	// RateLimitV1 is the number of requests per sliding 10 s window per v1
	// API key (default 50; negative = unlimited).
	RateLimitV1 int
	// RateLimitToken is the number of POST /token requests per fixed 60 s
	// window per client id (default 60; negative = unlimited).
	RateLimitToken int

	// TokenTTL is the lifetime of v3 access tokens (default 1h).
	TokenTTL time.Duration
	// AttachmentTTL is the lifetime of signed attachment URLs (default 7 days).
	AttachmentTTL time.Duration

	// Latency is added to every request before it is answered.
	Latency time.Duration
	// FailureRate is the share (0..1) of API requests answered with a random
	// 500, 502 or 503. File downloads are never failed this way.
	FailureRate float64
	// CorruptEvery makes every n-th generated PDF or DOCX resume a corrupt
	// file (a PDF cut off half-way, a DOCX whose zip is truncated); 0
	// disables it. Use Sim.CorruptAttachment to break one specific file.
	CorruptEvery int

	// CorpusDir optionally points at a folder laid out like
	// ../shared/data (jobs/monster_jobs.csv, resumes/*.pdf|*.docx,
	// eval/*.json). Job names and posts, and resume files and texts, are
	// then drawn from it at run time.
	CorpusDir string

	// Logger receives request and change logs (default: discarded).
	Logger *slog.Logger
	// Now is the clock for rate windows, token and URL expiry and the
	// timestamps of Step changes (default time.Now).
	Now func() time.Time
}

// Default values used by New when a Config field is zero.
const (
	DefaultCandidates     = 2000
	DefaultClientID       = "shortlist-demo-1"
	DefaultRateLimitV3    = 75
	DefaultRateLimitV1    = 50
	DefaultRateLimitToken = 60
	DefaultTokenTTL       = time.Hour
	DefaultAttachmentTTL  = 7 * 24 * time.Hour
)

// withDefaults returns a copy of c with every unset field filled in, or an
// error when a field is out of range.
func (c Config) withDefaults() (Config, error) {
	if c.Candidates < 0 || c.Jobs < 0 {
		return c, errors.New("simulator: Candidates and Jobs must not be negative")
	}
	if c.FailureRate < 0 || c.FailureRate > 1 {
		return c, fmt.Errorf("simulator: FailureRate %v is outside 0..1", c.FailureRate)
	}
	if c.CorruptEvery < 0 {
		return c, errors.New("simulator: CorruptEvery must not be negative")
	}
	if c.Candidates == 0 {
		c.Candidates = DefaultCandidates
	}
	if c.Jobs == 0 {
		// Tens of jobs whatever the candidate count: enough variety for
		// ranking, few enough that each job has a real pipeline.
		c.Jobs = min(30+c.Candidates/500, 60)
	}
	if c.Epoch.IsZero() {
		c.Epoch = time.Now().UTC().Truncate(24 * time.Hour)
	}
	c.Epoch = c.Epoch.UTC().Truncate(time.Millisecond)
	if c.ClientID == "" {
		c.ClientID = DefaultClientID
	}
	if c.ClientSecret == "" {
		c.ClientSecret = "ghs_" + seedSecret(c.Seed, "client-secret")
	}
	if c.APIKey == "" {
		c.APIKey = seedSecret(c.Seed, "api-key")
	}
	if c.RateLimitV3 == 0 {
		c.RateLimitV3 = DefaultRateLimitV3
	}
	if c.RateLimitV1 == 0 {
		c.RateLimitV1 = DefaultRateLimitV1
	}
	if c.RateLimitToken == 0 {
		c.RateLimitToken = DefaultRateLimitToken
	}
	if c.TokenTTL <= 0 {
		c.TokenTTL = DefaultTokenTTL
	}
	if c.AttachmentTTL <= 0 {
		c.AttachmentTTL = DefaultAttachmentTTL
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	c.DenyResources = append([]string(nil), c.DenyResources...)
	return c, nil
}

// seedSecret derives a stable secret from the seed so that a demo started
// twice with the same seed keeps working credentials.
func seedSecret(seed int64, purpose string) string {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], uint64(seed))
	m := hmac.New(sha256.New, b[:])
	m.Write([]byte("shortlist-simulator/" + purpose))
	return hex.EncodeToString(m.Sum(nil))[:32]
}

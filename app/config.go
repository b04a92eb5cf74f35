// Package app is Shortlist's application layer: it wires storage, the search
// index, the Greenhouse sync and the web server together, and holds the HTTP
// handlers (one file per page or action).
package app

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"github.com/shortlist-hq/shortlist/app/greenhouse"
)

// Config is every setting of a running Shortlist. Environment variables
// (SHORTLIST_*, GREENHOUSE_*) fill it; command-line flags override them.
// There is no package-level configuration.
type Config struct {
	Addr    string // SHORTLIST_ADDR: where to listen
	DataDir string // SHORTLIST_DATA: database, search index and keys live here
	// BaseURL is the public URL recruiters and Greenhouse reach this server
	// at (SHORTLIST_BASE_URL); it is used to show the webhook URL. Empty
	// means derive it from the request.
	BaseURL  string
	LogLevel slog.Level // SHORTLIST_LOG_LEVEL: debug, info, warn, error

	// SyncInterval is how often the incremental pull runs to catch what a
	// lost webhook missed (SHORTLIST_SYNC_INTERVAL, default 5m; 0 disables).
	SyncInterval time.Duration

	// LearnInterval is how often the learned ranking model checks for new
	// decisions to train on and prepares open jobs' features
	// (SHORTLIST_LEARN_INTERVAL, default 5m; 0 disables training in the
	// background: the owner's Train now still works).
	LearnInterval time.Duration

	Greenhouse Greenhouse

	// WebhookSecret, when set (SHORTLIST_WEBHOOK_SECRET), is the secret
	// Greenhouse signs webhooks with; otherwise Shortlist generates one and
	// shows it under My Company.
	WebhookSecret string

	// TLS: either a certificate and key (SHORTLIST_TLS_CERT, SHORTLIST_TLS_KEY)
	// or hostnames for automatic certificates from Let's Encrypt
	// (SHORTLIST_ACME_HOSTS, comma-separated; SHORTLIST_ACME_EMAIL).
	TLSCert, TLSKey string
	ACMEHosts       []string
	ACMEEmail       string

	// Demo marks the demo: Greenhouse is the built-in simulator.
	Demo bool

	// SessionIdle ends a login session after this long without a request
	// (SHORTLIST_SESSION_IDLE, default 12h); SessionMax ends it this long
	// after login however active it is (SHORTLIST_SESSION_MAX, default
	// 720h, 30 days). Zero means the default.
	SessionIdle, SessionMax time.Duration

	// TrustedProxies are the networks whose X-Forwarded-For and
	// X-Forwarded-Proto headers are believed (SHORTLIST_TRUSTED_PROXIES,
	// comma-separated CIDRs; default loopback, for a reverse proxy on the
	// same host).
	TrustedProxies []netip.Prefix

	// HTTP server timeouts, which cut off clients that send slowly or hold
	// connections open (slowloris); zero means the default.
	// ReadTimeout bounds reading a whole request, body included
	// (DefaultReadTimeout). WriteTimeout bounds a request from the end of
	// its header to the end of the response (DefaultWriteTimeout), so it
	// must exceed the slowest page. IdleTimeout bounds a keep-alive
	// connection's wait for the next request (DefaultIdleTimeout).
	ReadTimeout, WriteTimeout, IdleTimeout time.Duration
}

// Default HTTP server timeouts (see Config.ReadTimeout). Requests are small
// (forms under 1 MiB, webhooks under 2 MiB) and pages take seconds at most.
const (
	DefaultReadHeaderTimeout = 10 * time.Second
	DefaultReadTimeout       = 30 * time.Second
	DefaultWriteTimeout      = 2 * time.Minute
	DefaultIdleTimeout       = 2 * time.Minute
)

// HTTPServer returns a server for h with the configured timeouts. The web
// server and the ACME challenge listener both use it. Server errors (TLS
// handshakes, bad requests) go to log at warning level; nil discards them.
func (c Config) HTTPServer(h http.Handler, log *slog.Logger) *http.Server {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	or := func(d, def time.Duration) time.Duration {
		if d > 0 {
			return d
		}
		return def
	}
	read := or(c.ReadTimeout, DefaultReadTimeout)
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: min(DefaultReadHeaderTimeout, read),
		ReadTimeout:       read,
		WriteTimeout:      or(c.WriteTimeout, DefaultWriteTimeout),
		IdleTimeout:       or(c.IdleTimeout, DefaultIdleTimeout),
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

// trusted reports whether addr is a trusted proxy.
func (c Config) trusted(addr netip.Addr) bool {
	for _, p := range c.TrustedProxies {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

// Greenhouse is how to reach a Greenhouse account. Credentials set here take
// precedence over those an owner saves under My Company.
type Greenhouse struct {
	APIURL string // GREENHOUSE_API_URL, default https://harvest.greenhouse.io
	// TokenURL is GREENHOUSE_TOKEN_URL; unset, it follows the API address:
	// https://auth.greenhouse.io/token for Greenhouse's API, else
	// <GREENHOUSE_API_URL>/token (the simulator serves it there), so that
	// changing only the API address never sends its credentials to
	// Greenhouse's auth server.
	TokenURL     string
	ClientID     string // GREENHOUSE_CLIENT_ID (Harvest v3)
	ClientSecret string // GREENHOUSE_CLIENT_SECRET
	APIKey       string // GREENHOUSE_API_KEY (Harvest v1, for accounts still on it)
	UserID       string // GREENHOUSE_USER_ID: the user the v3 token acts as (optional)
}

// Configured reports whether credentials are present.
func (g Greenhouse) Configured() bool {
	return (g.ClientID != "" && g.ClientSecret != "") || g.APIKey != ""
}

// Default Greenhouse endpoints.
const (
	DefaultAPIURL   = "https://harvest.greenhouse.io"
	DefaultTokenURL = "https://auth.greenhouse.io/token"
)

// ConfigFromEnv reads the environment. lookup is os.LookupEnv in production.
func ConfigFromEnv(lookup func(string) (string, bool)) (Config, error) {
	get := func(k, def string) string {
		if v, ok := lookup(k); ok && strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
		return def
	}
	c := Config{
		Addr:          get("SHORTLIST_ADDR", "127.0.0.1:8080"),
		DataDir:       get("SHORTLIST_DATA", "./data"),
		BaseURL:       strings.TrimRight(get("SHORTLIST_BASE_URL", ""), "/"),
		WebhookSecret: get("SHORTLIST_WEBHOOK_SECRET", ""),
		TLSCert:       get("SHORTLIST_TLS_CERT", ""),
		TLSKey:        get("SHORTLIST_TLS_KEY", ""),
		ACMEEmail:     get("SHORTLIST_ACME_EMAIL", ""),
		Greenhouse: Greenhouse{
			APIURL:       strings.TrimRight(get("GREENHOUSE_API_URL", DefaultAPIURL), "/"),
			TokenURL:     get("GREENHOUSE_TOKEN_URL", ""),
			ClientID:     get("GREENHOUSE_CLIENT_ID", ""),
			ClientSecret: get("GREENHOUSE_CLIENT_SECRET", ""),
			APIKey:       get("GREENHOUSE_API_KEY", ""),
			UserID:       get("GREENHOUSE_USER_ID", ""),
		},
	}
	if c.Greenhouse.TokenURL == "" {
		c.Greenhouse.TokenURL = greenhouse.TokenURLFor(c.Greenhouse.APIURL)
	}
	if hosts := get("SHORTLIST_ACME_HOSTS", ""); hosts != "" {
		for _, h := range strings.Split(hosts, ",") {
			if h = strings.TrimSpace(h); h != "" {
				c.ACMEHosts = append(c.ACMEHosts, h)
			}
		}
	}
	for _, cidr := range strings.Split(get("SHORTLIST_TRUSTED_PROXIES", "127.0.0.0/8,::1/128"), ",") {
		if cidr = strings.TrimSpace(cidr); cidr == "" {
			continue
		}
		p, err := netip.ParsePrefix(cidr)
		if err != nil {
			if a, aerr := netip.ParseAddr(cidr); aerr == nil {
				p = netip.PrefixFrom(a, a.BitLen())
			} else {
				return c, fmt.Errorf("SHORTLIST_TRUSTED_PROXIES: %q is not an address or CIDR", cidr)
			}
		}
		c.TrustedProxies = append(c.TrustedProxies, p)
	}
	if err := c.LogLevel.UnmarshalText([]byte(get("SHORTLIST_LOG_LEVEL", "info"))); err != nil {
		return c, fmt.Errorf("SHORTLIST_LOG_LEVEL: %w", err)
	}
	d, err := time.ParseDuration(get("SHORTLIST_SYNC_INTERVAL", "5m"))
	if err != nil {
		return c, fmt.Errorf("SHORTLIST_SYNC_INTERVAL: %w", err)
	}
	c.SyncInterval = d
	if c.LearnInterval, err = time.ParseDuration(get("SHORTLIST_LEARN_INTERVAL", "5m")); err != nil {
		return c, fmt.Errorf("SHORTLIST_LEARN_INTERVAL: %w", err)
	}
	for _, v := range []struct {
		env string
		def time.Duration
		dst *time.Duration
	}{
		{"SHORTLIST_SESSION_IDLE", DefaultSessionIdle, &c.SessionIdle},
		{"SHORTLIST_SESSION_MAX", DefaultSessionMax, &c.SessionMax},
	} {
		d, err := time.ParseDuration(get(v.env, v.def.String()))
		if err != nil {
			return c, fmt.Errorf("%s: %w (write e.g. 12h or 720h)", v.env, err)
		}
		*v.dst = d
	}
	return c, nil
}

// Session lifetimes when not configured.
const (
	DefaultSessionIdle = 12 * time.Hour
	DefaultSessionMax  = 30 * 24 * time.Hour
)

// sessionLimits are the idle and absolute session lifetimes, defaults
// filled in.
func (c Config) sessionLimits() (idle, max time.Duration) {
	idle, max = c.SessionIdle, c.SessionMax
	if idle <= 0 {
		idle = DefaultSessionIdle
	}
	if max <= 0 {
		max = DefaultSessionMax
	}
	return idle, max
}

// Validate checks settings that would otherwise fail later and obscurely.
func (c Config) Validate() error {
	if c.DataDir == "" {
		return fmt.Errorf("the data directory is not set (SHORTLIST_DATA or --data)")
	}
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("SHORTLIST_BASE_URL %q is not an http(s) URL", c.BaseURL)
		}
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		return fmt.Errorf("set both SHORTLIST_TLS_CERT and SHORTLIST_TLS_KEY, or neither")
	}
	if c.TLSCert != "" && len(c.ACMEHosts) > 0 {
		return fmt.Errorf("choose one TLS mode: a certificate (SHORTLIST_TLS_CERT) or automatic certificates (SHORTLIST_ACME_HOSTS)")
	}
	if c.SyncInterval < 0 {
		return fmt.Errorf("SHORTLIST_SYNC_INTERVAL must not be negative")
	}
	if c.LearnInterval < 0 {
		return fmt.Errorf("SHORTLIST_LEARN_INTERVAL must not be negative")
	}
	if c.SessionIdle < 0 || c.SessionMax < 0 {
		return fmt.Errorf("SHORTLIST_SESSION_IDLE and SHORTLIST_SESSION_MAX must not be negative")
	}
	if idle, max := c.sessionLimits(); idle < time.Minute || idle > max {
		return fmt.Errorf("SHORTLIST_SESSION_IDLE (%s) must be at least 1m and at most SHORTLIST_SESSION_MAX (%s)", idle, max)
	}
	if c.ReadTimeout < 0 || c.WriteTimeout < 0 || c.IdleTimeout < 0 {
		return fmt.Errorf("HTTP timeouts must not be negative")
	}
	return nil
}

// Paths inside the data directory.
func (c Config) dbPath() string    { return filepath.Join(c.DataDir, "shortlist.db") }
func (c Config) indexPath() string { return filepath.Join(c.DataDir, "index") }
func (c Config) cachePath() string { return filepath.Join(c.DataDir, "cache") }

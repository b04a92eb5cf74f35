package simulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestToken(t *testing.T) {
	e := newEnv(t, Config{Candidates: 20, TokenTTL: 10 * time.Minute})
	cfg := e.sim.Config()
	post := func(query, contentType, body, user, pass string) (*http.Response, []byte) {
		req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/token"+query, strings.NewReader(body))
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		if user != "" {
			req.SetBasicAuth(user, pass)
		}
		return e.do(req)
	}
	form := "application/x-www-form-urlencoded"
	var admin, nonAdmin int64
	for _, u := range e.sim.Snapshot().Users {
		if u.SiteAdmin && admin == 0 {
			admin = u.ID
		}
		if !u.SiteAdmin && !u.Deactivated && nonAdmin == 0 {
			nonAdmin = u.ID
		}
	}
	tests := []struct {
		name        string
		query, ct   string
		body        string
		user, pass  string
		status      int
		wantInBody  string
		wantExactly string
	}{
		{"Form", "", form, "grant_type=client_credentials", cfg.ClientID, cfg.ClientSecret, 200, `"expires_in":600`, ""},
		{"GrantInQuery", "?grant_type=client_credentials", "", "", cfg.ClientID, cfg.ClientSecret, 200, `"token_type":"Bearer"`, ""},
		{"JSONSub", "?grant_type=client_credentials", "application/json", fmt.Sprintf(`{"sub":%d}`, admin), cfg.ClientID, cfg.ClientSecret, 200, "access_token", ""},
		{"FormSub", "", form, fmt.Sprintf("grant_type=client_credentials&sub=%d", admin), cfg.ClientID, cfg.ClientSecret, 200, "access_token", ""},
		{"UnknownSub", "", form, "grant_type=client_credentials&sub=1", cfg.ClientID, cfg.ClientSecret, 400, "invalid_request", ""},
		{"MissingGrant", "", form, "", cfg.ClientID, cfg.ClientSecret, 400, "",
			"{\"message\":\"Must include `grant_type` parameter in /token request\"}"},
		{"WrongGrant", "", form, "grant_type=password", cfg.ClientID, cfg.ClientSecret, 400, "",
			`{"message":"grant_type=password is invalid, please use one of: authorization_code, refresh_token, client_credentials, urn:ietf:params:oauth:grant-type:token-exchange"}`},
		{"OtherGrant", "", form, "grant_type=refresh_token", cfg.ClientID, cfg.ClientSecret, 400, "unsupported_grant_type", ""},
		{"BadSecret", "", form, "grant_type=client_credentials", cfg.ClientID, "nope", 401, "", `{"error":"invalid_client"}`},
		{"UnknownClient", "", form, "grant_type=client_credentials", "someone-else-42", cfg.ClientSecret, 401, "", `{"error":"invalid_client"}`},
		// Greenhouse's own refusals carry an errorId (checked below).
		{"NoAuth", "", form, "grant_type=client_credentials", "", "", 401, `"message":"Unauthorized"`, ""},
		{"MalformedClientID", "", form, "grant_type=client_credentials", "notaclient", cfg.ClientSecret, 400,
			`"message":"client_id=notaclient does not contain a valid client ID suffix"`, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, body := post(tc.query, tc.ct, tc.body, tc.user, tc.pass)
			if res.StatusCode != tc.status {
				t.Fatalf("status %d: %s", res.StatusCode, body)
			}
			if tc.wantExactly != "" && strings.TrimSpace(string(body)) != tc.wantExactly {
				t.Fatalf("body %s, want %s", body, tc.wantExactly)
			}
			if !strings.Contains(string(body), tc.wantInBody) {
				t.Fatalf("body %s lacks %s", body, tc.wantInBody)
			}
			var m map[string]any
			if err := json.Unmarshal(body, &m); err != nil {
				t.Fatalf("body %s is not JSON", body)
			}
			if id, has := m["errorId"]; has || tc.name == "NoAuth" || tc.name == "MalformedClientID" {
				if s, _ := id.(string); !strings.HasPrefix(s, "err-") || len(m) != 2 {
					t.Fatalf("body %s: want {message, errorId: err-…}", body)
				}
			}
		})
	}

	get := func(token string) (*http.Response, []byte) {
		req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/v3/jobs?per_page=1", nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		return e.do(req)
	}
	tok := e.mintToken()
	t.Run("Valid", func(t *testing.T) {
		if res, body := get(tok); res.StatusCode != 200 {
			t.Fatalf("%d %s", res.StatusCode, body)
		}
	})
	undecodable := `{"message":"Unauthorized","errors":["Token could not be decoded. Please ensure your token is from a trusted source."]}`
	for name, bad := range map[string]string{"Missing": "", "Garbage": "abc.def.ghi", "Tampered": tok[:len(tok)-3] + "AAA"} {
		t.Run(name, func(t *testing.T) {
			res, body := get(bad)
			if res.StatusCode != 401 || strings.TrimSpace(string(body)) != undecodable {
				t.Fatalf("%d %s", res.StatusCode, body)
			}
		})
	}
	t.Run("NonAdminSubject", func(t *testing.T) {
		res, body := post("", form, fmt.Sprintf("grant_type=client_credentials&sub=%d", nonAdmin), cfg.ClientID, cfg.ClientSecret)
		var tk struct {
			AccessToken string `json:"access_token"`
		}
		json.Unmarshal(body, &tk)
		if res.StatusCode != 200 {
			t.Fatalf("token for non-admin: %d", res.StatusCode)
		}
		if res, body := get(tk.AccessToken); res.StatusCode != 403 || !strings.Contains(string(body), "site admin") {
			t.Fatalf("%d %s", res.StatusCode, body)
		}
	})
	t.Run("Expired", func(t *testing.T) {
		e.clock.Add(10*time.Minute + time.Second)
		res, body := get(tok)
		if res.StatusCode != 401 || !strings.Contains(string(body), "expired") {
			t.Fatalf("%d %s", res.StatusCode, body)
		}
		if res, _ := get(e.mintToken()); res.StatusCode != 200 {
			t.Fatalf("fresh token: %d", res.StatusCode)
		}
	})
}

func TestPermissions(t *testing.T) {
	e := newEnv(t, Config{Candidates: 20, DenyResources: []string{"candidates", "offers"}})
	cid := e.sim.Snapshot().Candidates[0].ID
	tests := []struct {
		name   string
		v1     bool
		path   string
		status int
	}{
		{"V3Denied", false, "/v3/candidates", 403},
		{"V3DeniedOffers", false, "/v3/offers", 403},
		{"V3Allowed", false, "/v3/applications", 200},
		{"V1Denied", true, "/v1/candidates", 403},
		{"V1DeniedShow", true, fmt.Sprintf("/v1/candidates/%d", cid), 403},
		{"V1Allowed", true, "/v1/jobs", 200},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var res *http.Response
			var body []byte
			if tc.v1 {
				res, body = e.v1(tc.path)
			} else {
				res, body = e.v3(tc.path)
			}
			if res.StatusCode != tc.status {
				t.Fatalf("%d %s", res.StatusCode, body)
			}
			if tc.status == 403 && !tc.v1 && !strings.Contains(string(body), `"message":"Forbidden"`) {
				t.Fatalf("body %s", body)
			}
		})
	}
	t.Run("ChangeAtRunTime", func(t *testing.T) {
		e.sim.SetDenyResources()
		if res, _ := e.v3("/v3/candidates"); res.StatusCode != 200 {
			t.Fatalf("%d after lifting the denial", res.StatusCode)
		}
	})
}

func TestV1Auth(t *testing.T) {
	e := newEnv(t, Config{Candidates: 20})
	for name, key := range map[string]string{"WrongKey": "nope", "Empty": ""} {
		t.Run(name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/v1/candidates", nil)
			if key != "" {
				req.SetBasicAuth(key, "")
			}
			if res, _ := e.do(req); res.StatusCode != 401 {
				t.Fatalf("%d", res.StatusCode)
			}
		})
	}
	if res, _ := e.v1("/v1/candidates"); res.StatusCode != 200 {
		t.Fatalf("valid key: %d", res.StatusCode)
	}
}

// TestChosenClientID: a client id chosen on the command line (shortlist sim
// --client-id cid) works whatever its form; a malformed id that is not the
// configured one is refused as Greenhouse refuses it.
func TestChosenClientID(t *testing.T) {
	e := newEnv(t, Config{Candidates: 5, ClientID: "cid", ClientSecret: "csec"})
	token := func(id string) int {
		req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/token", strings.NewReader("grant_type=client_credentials"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.SetBasicAuth(id, "csec")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if got := token("cid"); got != http.StatusOK {
		t.Errorf("configured id: %d, want 200", got)
	}
	if got := token("other"); got != http.StatusBadRequest {
		t.Errorf("malformed other id: %d, want 400", got)
	}
	if got := token("other-12"); got != http.StatusUnauthorized {
		t.Errorf("well-formed unknown id: %d, want 401", got)
	}
}

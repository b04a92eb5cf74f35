// Package greenhouse is a typed client for the Greenhouse Harvest API. It
// writes what Shortlist's users do (applications and notes, as a named
// Greenhouse user: see write.go) and reads Harvest v3 (OAuth2 client credentials, cursor paging, one resource
// per route) and Harvest v1 (API key, page links, children embedded in
// parents) and maps both into the same db records, so the sync never sees a
// wire format.
//
// A sync drives it the same way for both versions:
//
//	for _, r := range c.Resources() {            // parents first
//		err := c.List(ctx, r, greenhouse.ListOptions{UpdatedAfter: hw, Resume: saved}, func(p greenhouse.Page) error {
//			// upsert every non-empty slice of p.Batch, then save p.Next
//		})
//	}
//
// Each version's field knowledge lives in one file, v3.go and v1.go (wire
// structs plus mapping). The v3 names are those of Greenhouse's own
// reference (harvest_v3_endpoints.json in the shared fixtures), which the
// tests hold them to; v3 educations name their school, degree and
// discipline by custom field option, which options.go turns into names.
// The client paces itself on X-RateLimit-* headers, waits out 429s, retries
// 5xx and network errors with backoff, refreshes v3 tokens before they
// expire, and reports failures as *Error wrapping the Err* sentinels, in
// words the person who set up the connection can act on (the token
// endpoint's refusals are read from their body).
package greenhouse

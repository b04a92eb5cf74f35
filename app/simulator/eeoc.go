package simulator

import (
	"net/url"
	"time"
)

// Harvest v1 serves the EEOC answers too (GET /v1/eeoc): v3's records
// without id, created_at and updated_at, filtered by submission time.

type v1EEOC struct {
	ApplicationID    int64         `json:"application_id"`
	CandidateID      int64         `json:"candidate_id"`
	Race             *v3EEOCAnswer `json:"race"`
	Gender           *v3EEOCAnswer `json:"gender"`
	VeteranStatus    *v3EEOCAnswer `json:"veteran_status"`
	DisabilityStatus *v3EEOCAnswer `json:"disability_status"`
	SubmittedAt      jtime         `json:"submitted_at"`
}

func renderV1EEOC(_ *renderCtx, r row) any {
	e := r.(*EEOC)
	return v1EEOC{ApplicationID: e.ApplicationID, CandidateID: e.CandidateID, Race: eeocAnswer(e.Race), Gender: eeocAnswer(e.Gender),
		VeteranStatus: eeocAnswer(e.VeteranStatus), DisabilityStatus: eeocAnswer(e.DisabilityStatus), SubmittedAt: jtime(e.SubmittedAt)}
}

// v1EEOCFilters applies submitted_after and submitted_before.
func v1EEOCFilters(_ *store, q url.Values) ([]func(row) bool, *v1Error) {
	return v1DateFilters(q, map[string]func(row) time.Time{"submitted": func(r row) time.Time { return r.(*EEOC).SubmittedAt }})
}

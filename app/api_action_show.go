package app

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"github.com/shortlist-hq/shortlist/db"
)

// apiAction is an action in Greenhouse: what was asked, where it stands,
// and what Greenhouse answered. application_id or note_id name the record
// Greenhouse created (or already had) once it is done.
type apiAction struct {
	ID               int64   `json:"id"`
	Kind             string  `json:"kind"`  // add_prospect | add_candidate | add_note
	State            string  `json:"state"` // pending | sending | done | failed
	CandidateID      int64   `json:"candidate_id"`
	JobID            *int64  `json:"job_id"`
	GreenhouseUserID int64   `json:"greenhouse_user_id"`
	Attempts         int     `json:"attempts"`
	Outcome          *string `json:"outcome"`
	ApplicationID    *int64  `json:"application_id"`
	NoteID           *int64  `json:"note_id"`
	GreenhouseStatus *int    `json:"greenhouse_status"`
	CreatedAt        *string `json:"created_at"`
	UpdatedAt        *string `json:"updated_at"`
	FinishedAt       *string `json:"finished_at"`
	URL              string  `json:"url"`
}

func toAPIAction(a db.Action) apiAction {
	out := apiAction{ID: a.ID, Kind: a.Kind, State: a.State, CandidateID: a.CandidateID, GreenhouseUserID: a.GreenhouseUserID,
		Attempts: a.Attempts, Outcome: apiString(a.Outcome), CreatedAt: apiTime(a.CreatedAt), UpdatedAt: apiTime(a.UpdatedAt),
		FinishedAt: apiTime(a.FinishedAt), URL: "/api/v1/actions/" + itoa64(a.ID)}
	if a.JobID != 0 {
		id := a.JobID
		out.JobID = &id
	}
	if a.ResultID != 0 {
		id := a.ResultID
		if a.Kind == db.ActionAddNote {
			out.NoteID = &id
		} else {
			out.ApplicationID = &id
		}
	}
	if a.ResponseStatus != 0 {
		st := a.ResponseStatus
		out.GreenhouseStatus = &st
	}
	return out
}

// apiActionShow is GET /api/v1/actions/{actionID}: poll an action until
// its state is done or failed. Only its author and owners see it.
func (s *server) apiActionShow(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "actionID")
	if err != nil {
		s.error(w, r, err)
		return
	}
	a, err := s.requestAction(r.Context(), id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusOK, toAPIAction(a))
}

// maxAPIBody bounds a JSON request body.
const maxAPIBody = 1 << 16

// readJSON decodes a JSON object body into v, refusing unknown fields, so
// a misspelt field is an error rather than ignored.
func readJSON(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxAPIBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig):
			return invalid("the request body is larger than %d bytes", maxAPIBody)
		case errors.Is(err, io.EOF):
			return invalid("send a JSON object as the request body")
		}
		return invalid("the request body is not the JSON expected: %v", err)
	}
	if dec.More() {
		return invalid("send one JSON object as the request body")
	}
	return nil
}

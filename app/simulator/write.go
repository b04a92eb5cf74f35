package simulator

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Harvest writes Shortlist makes: adding a candidate or a prospect
// application to a candidate, and writing a note.
//
//   - v3: POST /v3/applications, a oneOf of {candidate_id, job_id,
//     initial_stage_id?} (a candidate application in the job's first stage,
//     or the stage given) and {candidate_id, prospect: true, job_ids?} (a
//     prospect considered for those jobs); POST /v3/notes {candidate_id,
//     body, visibility, note_type?, application_id?, user_id?}. The acting
//     user is the token's sub; without one, the credential's service user.
//   - v1: POST /v1/candidates/{id}/applications ({job_id, initial_stage_id?}
//     or {prospect, job_ids}) and POST /v1/candidates/{id}/activity_feed/notes
//     ({user_id, body, visibility}), both with the On-Behalf-Of header.
//
// Both answer 201 with the record created, rendered as the version reads it
// back, and a created application is announced by webhook
// (new_candidate_application, new_prospect_application). Refusals are
// Greenhouse's: 422 with the version's validation body, 403 when the
// credential lacks the write scope (a DenyResources entry
// "applications:create" or "notes:create") or when a user who is not a site
// admin lacks permission (not on the job's hiring team; a private candidate
// of no job of theirs). Writes go through the same rate limits, injected
// failures and outage as reads. Writes lists every write answered and who
// made it; LoseWriteAnswers applies writes but answers them as failed, as a
// gateway timing out after the backend did the work.

// Write scopes, as DenyResources entries name them.
const (
	scopeApplicationsCreate = "applications:create"
	scopeNotesCreate        = "notes:create"
)

// Write is one write request that reached the simulator's write routes.
type Write struct {
	Method string
	Path   string
	// Status is what the simulator answered.
	Status int
	// Resource and ID name the record created ("applications", "notes"),
	// ID 0 when none was.
	Resource string
	ID       int64
	// UserID is the acting Greenhouse user: the v3 token's sub or v1's
	// On-Behalf-Of; 0 for the credential's service user.
	UserID int64
	// Version is "v3" or "v1".
	Version string
	At      time.Time
}

// writeLog records writes and holds the lost-answer fault.
type writeLog struct {
	mu     sync.Mutex
	writes []Write
	// lose is how many of the next applied writes are answered loseStatus
	// instead of their result.
	lose       int
	loseStatus int
}

// Writes lists the write requests answered so far, oldest first.
func (s *Sim) Writes() []Write {
	s.acts.mu.Lock()
	defer s.acts.mu.Unlock()
	return slices.Clone(s.acts.writes)
}

// CreatedBy says which Greenhouse user created a record through the write
// routes (0: the credential's service user); ok is false for records the
// simulator generated itself.
func (s *Sim) CreatedBy(resource string, id int64) (userID int64, ok bool) {
	s.acts.mu.Lock()
	defer s.acts.mu.Unlock()
	for _, w := range s.acts.writes {
		if w.Resource == resource && w.ID == id {
			return w.UserID, true
		}
	}
	return 0, false
}

// LoseWriteAnswers makes the next n writes that would succeed take effect
// and then answer status (e.g. 504) instead of the record, as when a
// gateway times out after Greenhouse did the work. A client that retries
// blindly then writes twice.
func (s *Sim) LoseWriteAnswers(n, status int) {
	s.acts.mu.Lock()
	s.acts.lose, s.acts.loseStatus = n, status
	s.acts.mu.Unlock()
}

// writeRoutesV3 registers the v3 write routes on the v3 mux, behind the
// same rate limit and injected failures as the reads.
func (s *Sim) writeRoutesV3(mux *http.ServeMux) {
	mux.HandleFunc("POST /v3/applications", s.postApplicationV3)
	mux.HandleFunc("POST /v3/notes", s.postNoteV3)
	mux.HandleFunc("PATCH /v3/applications/{id}", s.patchApplicationV3) // custom_field_write.go
}

// writeRoutesV1 registers the v1 write routes on the v1 mux, behind the
// same rate limit and injected failures as the reads.
func (s *Sim) writeRoutesV1(mux *http.ServeMux) {
	mux.HandleFunc("POST /v1/candidates/{id}/applications", s.postApplicationV1)
	mux.HandleFunc("POST /v1/candidates/{id}/activity_feed/notes", s.postNoteV1)
	mux.HandleFunc("PATCH /v1/applications/{id}", s.patchApplicationV1) // custom_field_write.go
}

// writer is the acting user of a write; nil user is the service user,
// which acts with site admin rights.
type writer struct {
	id   int64
	user *User
}

func (wr writer) admin() bool { return wr.user == nil || wr.user.SiteAdmin }

// fieldError is one validation failure: the field and what is wrong.
type fieldError struct{ field, msg string }

// v3Invalid answers a v3 validation failure the way v3 words its 422s:
// {"message":"Unprocessable Content","errors":[{"<field>":"<message>"}]}.
func v3Invalid(w http.ResponseWriter, errs ...fieldError) {
	out := make([]map[string]string, len(errs))
	for i, e := range errs {
		out[i] = map[string]string{e.field: e.msg}
	}
	writeJSON(w, http.StatusUnprocessableEntity, apiError{Message: "Unprocessable Content", Errors: out})
}

// v1Invalid answers a v1 validation failure:
// {"message":"Validation error","errors":[{"message":…,"field":…}]}.
func v1Invalid(w http.ResponseWriter, errs ...fieldError) {
	out := make([]map[string]string, len(errs))
	for i, e := range errs {
		out[i] = map[string]string{"message": e.msg, "field": e.field}
	}
	writeJSON(w, http.StatusUnprocessableEntity, apiError{Message: "Validation error", Errors: out})
}

// writeFieldErrors answers a validation failure as the version words it.
func writeFieldErrors(w http.ResponseWriter, v1 bool, errs []fieldError) {
	if v1 {
		v1Invalid(w, errs...)
		return
	}
	v3Invalid(w, errs...)
}

// authWrite checks a write's credentials and its permission for scope in
// either version, and returns the acting user.
func (s *Sim) authWrite(w http.ResponseWriter, r *http.Request, version, scope string) (writer, bool) {
	if version == "v3" {
		return s.authWriteV3(w, r, scope)
	}
	return s.authWriteV1(w, r, scope)
}

// authWriteV3 checks the bearer token and the write scope and returns the
// acting user (the token's sub), who must be active.
func (s *Sim) authWriteV3(w http.ResponseWriter, r *http.Request, scope string) (writer, bool) {
	c, ok := s.tokenV3(w, r)
	if !ok {
		return writer{}, false
	}
	s.mu.RLock()
	denied := s.deny[scope]
	s.mu.RUnlock()
	if denied {
		writeJSON(w, http.StatusForbidden, apiError{Message: "Forbidden",
			Errors: []string{"This API credential is missing the harvest:" + scope + " permission."}})
		return writer{}, false
	}
	if c.Subject == "" {
		return writer{}, true
	}
	uid, _ := strconv.ParseInt(c.Subject, 10, 64)
	s.mu.RLock()
	u, ok := s.st.users.get(uid)
	s.mu.RUnlock()
	if !ok || u.Deactivated {
		writeJSON(w, http.StatusForbidden, apiError{Message: "Forbidden",
			Errors: []string{fmt.Sprintf("User %s is not an active user of this organization.", c.Subject)}})
		return writer{}, false
	}
	return writer{id: uid, user: u}, true
}

// authWriteV1 checks the API key, the write permission and the
// On-Behalf-Of header, and returns the acting user.
func (s *Sim) authWriteV1(w http.ResponseWriter, r *http.Request, scope string) (writer, bool) {
	if !s.authV1(w, r, scope) {
		return writer{}, false
	}
	obo := strings.TrimSpace(r.Header.Get("On-Behalf-Of"))
	if obo == "" {
		v1Invalid(w, fieldError{"On-Behalf-Of", "The On-Behalf-Of header is required: the id of the user issuing this request."})
		return writer{}, false
	}
	uid, err := strconv.ParseInt(obo, 10, 64)
	s.mu.RLock()
	u, ok := s.st.users.get(uid)
	s.mu.RUnlock()
	if err != nil || !ok {
		v1Invalid(w, fieldError{"On-Behalf-Of", fmt.Sprintf("No user with id %q.", obo)})
		return writer{}, false
	}
	if u.Deactivated {
		writeJSON(w, http.StatusForbidden, apiError{Message: fmt.Sprintf("User %d is deactivated.", uid)})
		return writer{}, false
	}
	return writer{id: uid, user: u}, true
}

// onTeam reports whether user uid is on job jobID's hiring team.
func onTeam(st *store, uid, jobID int64) bool {
	for _, o := range st.jobOwners.children("job_id", jobID) {
		if o.UserID == uid {
			return true
		}
	}
	for _, h := range st.hiringManagers.children("job_id", jobID) {
		if h.UserID == uid {
			return true
		}
	}
	return false
}

// mayAddTo: site admins add anyone to any job; other users only to jobs
// whose hiring team they are on.
func (wr writer) mayAddTo(st *store, jobID int64) bool {
	return wr.admin() || onTeam(st, wr.id, jobID)
}

// mayNote: site admins note anyone; other users a candidate who is not
// private, or one of whose jobs they are on the hiring team of.
func (wr writer) mayNote(st *store, c *Candidate) bool {
	if wr.admin() || !c.Private {
		return true
	}
	for _, a := range st.applications.children("candidate_id", c.ID) {
		for _, j := range applicationJobIDs(a) {
			if onTeam(st, wr.id, j) {
				return true
			}
		}
	}
	return false
}

// readObject reads a JSON object body, refusing anything but an object of
// the allowed keys.
func readObject(r *http.Request, allowed ...string) (map[string]json.RawMessage, []fieldError) {
	var m map[string]json.RawMessage
	dec := json.NewDecoder(io.LimitReader(r.Body, maxWriteBody))
	if err := dec.Decode(&m); err != nil || m == nil {
		return nil, []fieldError{{"body", "The request body must be a JSON object."}}
	}
	var errs []fieldError
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !slices.Contains(allowed, k) {
			errs = append(errs, fieldError{k, "is not a permitted parameter"})
		}
	}
	return m, errs
}

// intField reads an integer field given as a number or a numeric string;
// 0 when absent or null.
func intField(m map[string]json.RawMessage, k string, errs *[]fieldError) int64 {
	raw, ok := m[k]
	if !ok || string(raw) == "null" {
		return 0
	}
	s := strings.Trim(string(raw), `"`)
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		*errs = append(*errs, fieldError{k, fmt.Sprintf("`%s` is not a valid id", s)})
		return 0
	}
	return n
}

// boolField reads a boolean given as true/false or "true"/"false" (v1's
// documented example sends "prospect": "true").
func boolField(m map[string]json.RawMessage, k string, errs *[]fieldError) bool {
	raw, ok := m[k]
	if !ok || string(raw) == "null" {
		return false
	}
	switch strings.Trim(string(raw), `"`) {
	case "true":
		return true
	case "false":
		return false
	}
	*errs = append(*errs, fieldError{k, fmt.Sprintf("`%s` is not a valid boolean", raw)})
	return false
}

func idsField(m map[string]json.RawMessage, k string, errs *[]fieldError) []int64 {
	raw, ok := m[k]
	if !ok || string(raw) == "null" {
		return nil
	}
	var ids []int64
	if err := json.Unmarshal(raw, &ids); err != nil {
		*errs = append(*errs, fieldError{k, "must be an array of ids"})
		return nil
	}
	return ids
}

func stringField(m map[string]json.RawMessage, k string, errs *[]fieldError) string {
	raw, ok := m[k]
	if !ok || string(raw) == "null" {
		return ""
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		*errs = append(*errs, fieldError{k, "must be a string"})
	}
	return s
}

// newApplication is a validated application request.
type newApplication struct {
	candidateID  int64
	prospect     bool
	jobID        int64   // candidate application
	jobIDs       []int64 // prospect application
	initialStage int64
}

// parseApplication validates an application request against the tenant.
// candidateID comes from the path in v1 and the body in v3.
func (s *Sim) parseApplication(m map[string]json.RawMessage, candidateID int64, errs []fieldError) (newApplication, []fieldError) {
	na := newApplication{candidateID: candidateID}
	if _, ok := m["candidate_id"]; ok || candidateID == 0 {
		na.candidateID = intField(m, "candidate_id", &errs)
	}
	na.prospect = boolField(m, "prospect", &errs)
	na.jobID = intField(m, "job_id", &errs)
	na.jobIDs = idsField(m, "job_ids", &errs)
	na.initialStage = intField(m, "initial_stage_id", &errs)
	for _, k := range []string{"source_id", "referrer_id", "recruiter_id", "coordinator_id"} {
		intField(m, k, &errs)
	}
	if len(errs) > 0 {
		return na, errs
	}
	st := s.st
	if na.candidateID == 0 {
		errs = append(errs, fieldError{"candidate_id", "is required"})
	} else if _, ok := st.candidates.get(na.candidateID); !ok {
		errs = append(errs, fieldError{"candidate_id", fmt.Sprintf("Candidate %d does not exist.", na.candidateID)})
	}
	if na.prospect {
		if na.jobID != 0 {
			errs = append(errs, fieldError{"job_id", "A prospect application takes job_ids, not job_id."})
		}
		if na.initialStage != 0 {
			errs = append(errs, fieldError{"initial_stage_id", "A prospect application has no interview stage."})
		}
		for _, id := range na.jobIDs {
			if _, ok := st.jobs.get(id); !ok {
				errs = append(errs, fieldError{"job_ids", fmt.Sprintf("Job %d does not exist.", id)})
			}
		}
		return na, errs
	}
	if len(na.jobIDs) > 0 {
		errs = append(errs, fieldError{"job_ids", "A candidate application takes one job_id; job_ids is for prospects."})
	}
	j, ok := st.jobs.get(na.jobID)
	switch {
	case na.jobID == 0:
		errs = append(errs, fieldError{"job_id", "is required for a candidate application (or send prospect: true)"})
	case !ok:
		errs = append(errs, fieldError{"job_id", fmt.Sprintf("Job %d does not exist.", na.jobID)})
	case j.Status != "open":
		errs = append(errs, fieldError{"job_id", fmt.Sprintf("Job %d is %s: candidates can only apply to open jobs.", na.jobID, j.Status)})
	}
	if ok && na.initialStage != 0 {
		if stg, found := st.stages.get(na.initialStage); !found || stg.JobID != na.jobID {
			errs = append(errs, fieldError{"initial_stage_id", fmt.Sprintf("Stage %d is not a stage of job %d.", na.initialStage, na.jobID)})
		}
	}
	if ok && na.candidateID != 0 {
		for _, a := range st.applications.children("candidate_id", na.candidateID) {
			if a.JobID == na.jobID && a.Status == StatusActive {
				errs = append(errs, fieldError{"job_id", fmt.Sprintf("Candidate %d already has an active application for job %d (application %d).",
					na.candidateID, na.jobID, a.ID)})
			}
		}
	}
	return na, errs
}

// addApplication creates the application at now. The caller holds s.mu.
func (s *Sim) addApplication(na newApplication, now time.Time) *Application {
	g, st := s.g, s.st
	c, _ := st.candidates.get(na.candidateID)
	a := &Application{Meta: Meta{CreatedAt: now, UpdatedAt: now}, CandidateID: na.candidateID, Status: StatusActive,
		Prospect: na.prospect, LastActivityAt: now}
	var ji *jobInfo
	if na.prospect {
		a.ProspectiveJobIDs = slices.Clone(na.jobIDs)
		if len(na.jobIDs) > 0 {
			ji = g.jobs[na.jobIDs[0]]
		}
	} else {
		a.JobID = na.jobID
		ji = g.jobs[na.jobID]
	}
	if ji != nil {
		if ji.recruiter != nil {
			a.RecruiterID = ji.recruiter.ID
		}
		if ji.coordinator != nil {
			a.CoordinatorID = ji.coordinator.ID
		}
	}
	addRow(g, st.applications, resApplications, a, false)
	if ji != nil {
		a.fit = g.judge(c, ji, a.ID, now)
	}
	if !na.prospect {
		stg := s.firstStage(na.jobID)
		if na.initialStage != 0 {
			stg, _ = st.stages.get(na.initialStage)
		}
		if stg != nil {
			g.enterStage(a, stg, now)
		}
	}
	g.bumpCandidate(c, now)
	return a
}

// firstStage is the job's first active interview stage.
func (s *Sim) firstStage(jobID int64) *JobInterviewStage {
	var first *JobInterviewStage
	for _, stg := range s.st.stages.children("job_id", jobID) {
		if stg.Active && (first == nil || stg.SortOrder < first.SortOrder) {
			first = stg
		}
	}
	return first
}

// newNote is a validated note request.
type newNote struct {
	candidateID, applicationID, userID int64
	body, visibility, noteType         string
}

var noteVisibilities = []string{"public", "private", "admin_only"}

func (s *Sim) checkNote(n *newNote, errs []fieldError) []fieldError {
	st := s.st
	if n.candidateID == 0 {
		errs = append(errs, fieldError{"candidate_id", "is required"})
	} else if _, ok := st.candidates.get(n.candidateID); !ok {
		errs = append(errs, fieldError{"candidate_id", fmt.Sprintf("Candidate %d does not exist.", n.candidateID)})
	}
	if strings.TrimSpace(n.body) == "" {
		errs = append(errs, fieldError{"body", "can't be blank"})
	}
	if !slices.Contains(noteVisibilities, n.visibility) {
		errs = append(errs, fieldError{"visibility", fmt.Sprintf("`%s` is not one of: public, private, admin_only", n.visibility)})
	}
	switch n.noteType {
	case "", "NOTE", "ACTIVITY":
	case "EMAIL":
		errs = append(errs, fieldError{"note_type", "EMAIL notes require subject, email_from, email_to and email_cc"})
	default:
		errs = append(errs, fieldError{"note_type", fmt.Sprintf("`%s` is not one of: NOTE, ACTIVITY, EMAIL", n.noteType)})
	}
	if n.applicationID != 0 {
		if a, ok := st.applications.get(n.applicationID); !ok || a.CandidateID != n.candidateID {
			errs = append(errs, fieldError{"application_id", fmt.Sprintf("Application %d is not an application of candidate %d.", n.applicationID, n.candidateID)})
		}
	}
	if n.userID != 0 {
		if u, ok := st.users.get(n.userID); !ok || u.Deactivated {
			errs = append(errs, fieldError{"user_id", fmt.Sprintf("User %d is not an active user.", n.userID)})
		}
	}
	return errs
}

// addNote creates the note at now. The caller holds s.mu.
func (s *Sim) addNote(n newNote, author int64, now time.Time) *Note {
	typ := n.noteType
	if typ == "" {
		typ = "NOTE"
	}
	note := &Note{Meta: Meta{CreatedAt: now, UpdatedAt: now}, CandidateID: n.candidateID, ApplicationID: n.applicationID,
		UserID: author, Body: n.body, Type: typ, Visibility: n.visibility}
	s.g.note(note)
	if c, ok := s.st.candidates.get(n.candidateID); ok {
		s.g.bumpCandidate(c, now)
	}
	return note
}

// writeResult finishes a write: it logs it, answers it (or loses the
// answer, see LoseWriteAnswers) and then announces events, in order with
// Step's.
func (s *Sim) writeResult(w http.ResponseWriter, r *http.Request, wr writer, version, resource string, id int64, body any, events []Event) {
	status := http.StatusCreated
	s.acts.mu.Lock()
	if s.acts.lose > 0 {
		s.acts.lose--
		status = s.acts.loseStatus
	}
	s.acts.writes = append(s.acts.writes, Write{Method: r.Method, Path: r.URL.Path, Status: status, Resource: resource, ID: id,
		UserID: wr.id, Version: version, At: s.now()})
	s.acts.mu.Unlock()
	if status == http.StatusCreated {
		writeJSON(w, status, body)
	} else {
		writeJSON(w, status, apiError{Message: http.StatusText(status)})
	}
	s.publish(events)
}

// refused logs a write that was answered with an error.
func (s *Sim) refused(r *http.Request, wr writer, version string, status int) {
	s.acts.mu.Lock()
	s.acts.writes = append(s.acts.writes, Write{Method: r.Method, Path: r.URL.Path, Status: status, UserID: wr.id, Version: version, At: s.now()})
	s.acts.mu.Unlock()
}

// createApplication validates and applies an application request in either
// version.
func (s *Sim) createApplication(w http.ResponseWriter, r *http.Request, version string, pathCandidate int64) {
	// sw remembers the status of a refusal, for the log.
	sw := &statusRecorder{ResponseWriter: w}
	wr, ok := s.authWrite(sw, r, version, scopeApplicationsCreate)
	if !ok {
		s.refused(r, wr, version, sw.status)
		return
	}
	allowed := []string{"prospect", "job_id", "job_ids", "initial_stage_id", "source_id", "referrer_id", "recruiter_id", "coordinator_id"}
	if version == "v3" {
		allowed = append(allowed, "candidate_id")
	}
	m, errs := readObject(r, allowed...)
	// Writes take stepMu too, so their webhooks and Step's go out in the
	// order the changes happened.
	s.stepMu.Lock()
	defer s.stepMu.Unlock()
	s.mu.Lock()
	var na newApplication
	if m != nil {
		na, errs = s.parseApplication(m, pathCandidate, errs)
	}
	if len(errs) > 0 {
		s.mu.Unlock()
		writeFieldErrors(sw, version == "v1", errs)
		s.refused(r, wr, version, sw.status)
		return
	}
	jobs := na.jobIDs
	if !na.prospect {
		jobs = []int64{na.jobID}
	}
	for _, j := range jobs {
		if !wr.mayAddTo(s.st, j) {
			s.mu.Unlock()
			writeJSON(sw, http.StatusForbidden, apiError{Message: "Forbidden",
				Errors: []string{fmt.Sprintf("User %d does not have permission to add candidates to job %d.", wr.id, j)}})
			s.refused(r, wr, version, sw.status)
			return
		}
	}
	rc := s.writeCtx("http://" + r.Host)
	a := s.addApplication(na, rc.now)
	var body any
	if version == "v3" {
		body = renderV3Application(rc, a)
	} else {
		body = applicationV1Of(rc, a)
	}
	action, key := "new_candidate_application", "name"
	if a.Prospect {
		action, key = "new_prospect_application", "public_name"
	}
	ev := event(action, rc, map[string]any{"application": whApplication(rc, a, key)})
	s.mu.Unlock()
	s.writeResult(w, r, wr, version, resApplications, a.ID, body, []Event{ev})
}

func (s *Sim) postApplicationV3(w http.ResponseWriter, r *http.Request) {
	s.createApplication(w, r, "v3", 0)
}

func (s *Sim) postApplicationV1(w http.ResponseWriter, r *http.Request) {
	if id, ok := s.pathCandidate(w, r); ok {
		s.createApplication(w, r, "v1", id)
	}
}

// pathCandidate reads the candidate a v1 write's path names, answering 404
// when there is none.
func (s *Sim) pathCandidate(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		writeJSON(w, http.StatusNotFound, notFoundBody)
		return 0, false
	}
	s.mu.RLock()
	_, ok := s.st.candidates.get(id)
	s.mu.RUnlock()
	if !ok {
		writeJSON(w, http.StatusNotFound, apiError{Message: fmt.Sprintf("Resource not found: candidate %d", id)})
		return 0, false
	}
	return id, true
}

// createNote validates and applies a note request in either version.
func (s *Sim) createNote(w http.ResponseWriter, r *http.Request, version string, pathCandidate int64) {
	// sw remembers the status of a refusal, for the log.
	sw := &statusRecorder{ResponseWriter: w}
	wr, ok := s.authWrite(sw, r, version, scopeNotesCreate)
	if !ok {
		s.refused(r, wr, version, sw.status)
		return
	}
	var m map[string]json.RawMessage
	var errs []fieldError
	n := newNote{candidateID: pathCandidate}
	if version == "v3" {
		m, errs = readObject(r, "candidate_id", "application_id", "body", "note_type", "visibility", "user_id", "subject")
		if m != nil {
			n.candidateID = intField(m, "candidate_id", &errs)
			n.applicationID = intField(m, "application_id", &errs)
			n.noteType = stringField(m, "note_type", &errs)
			stringField(m, "subject", &errs)
		}
	} else {
		m, errs = readObject(r, "user_id", "body", "visibility")
		if m != nil {
			if _, has := m["user_id"]; !has {
				errs = append(errs, fieldError{"user_id", "is required"})
			}
		}
	}
	if m != nil {
		n.body = stringField(m, "body", &errs)
		n.visibility = stringField(m, "visibility", &errs)
		n.userID = intField(m, "user_id", &errs)
	}
	s.mu.Lock()
	if m != nil {
		errs = s.checkNote(&n, errs)
	}
	if len(errs) > 0 {
		s.mu.Unlock()
		writeFieldErrors(sw, version == "v1", errs)
		s.refused(r, wr, version, sw.status)
		return
	}
	c, _ := s.st.candidates.get(n.candidateID)
	// Writing a note as someone else is for admins.
	if !wr.mayNote(s.st, c) || (n.userID != 0 && n.userID != wr.id && !wr.admin()) {
		s.mu.Unlock()
		writeJSON(sw, http.StatusForbidden, apiError{Message: "Forbidden",
			Errors: []string{fmt.Sprintf("User %d does not have permission to add notes to candidate %d.", wr.id, n.candidateID)}})
		s.refused(r, wr, version, sw.status)
		return
	}
	author := wr.id
	if n.userID != 0 {
		author = n.userID
	}
	rc := s.writeCtx("http://" + r.Host)
	note := s.addNote(n, author, rc.now)
	var body any
	if version == "v3" {
		body = renderV3Note(rc, note)
	} else {
		body = map[string]any{"id": note.ID, "created_at": jtime(note.CreatedAt), "body": note.Body,
			"user": userRef(s.st, note.UserID), "private": note.Visibility != "public",
			"visiblity": note.Visibility, "visibility": note.Visibility}
	}
	s.mu.Unlock()
	s.writeResult(w, r, wr, version, resNotes, note.ID, body, nil)
}

func (s *Sim) postNoteV3(w http.ResponseWriter, r *http.Request) {
	s.createNote(w, r, "v3", 0)
}

func (s *Sim) postNoteV1(w http.ResponseWriter, r *http.Request) {
	if id, ok := s.pathCandidate(w, r); ok {
		s.createNote(w, r, "v1", id)
	}
}

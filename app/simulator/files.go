package simulator

import (
	"bytes"
	"crypto/hmac"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"math/rand/v2"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// Attachment files are produced on request from the records (nothing is
// kept in memory) and served at signed, expiring URLs, the way Greenhouse
// hands out S3 links. Downloads are not rate-limited and keep working
// during an API outage.

type originKind uint8

const (
	originResume originKind = iota
	originCoverLetter
	originFile // a real file from the corpus, served as-is
	originText // an eval-set resume text, served as .txt
)

type fileOrigin struct {
	kind    originKind
	variant uint64
	path    string
	index   int
}

func fileBase(p string) string { return filepath.Base(p) }

var contentTypes = map[string]string{
	"pdf":  "application/pdf",
	"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	"txt":  "text/plain; charset=utf-8",
}

// fileURL returns the signed download URL of an attachment, valid for
// AttachmentTTL from now.
func (s *Sim) fileURL(base string, a *Attachment, now time.Time) string {
	exp := now.Add(s.cfg.AttachmentTTL).Unix()
	return fmt.Sprintf("%s/files/%d/%s?expires=%d&signature=%s", base, a.ID, url.PathEscape(a.Filename), exp,
		hex.EncodeToString(s.sign(fileSigMsg(a.ID, a.Filename, exp))))
}

func fileSigMsg(id int64, name string, exp int64) string {
	return fmt.Sprintf("GET\n/files/%d/%s\n%d", id, name, exp)
}

// s3Error is the XML error body S3 sends.
type s3Error struct {
	XMLName   xml.Name `xml:"Error"`
	Code      string   `xml:"Code"`
	Message   string   `xml:"Message"`
	Expires   string   `xml:"Expires,omitempty"`
	Server    string   `xml:"ServerTime,omitempty"`
	RequestID string   `xml:"RequestId"`
	HostID    string   `xml:"HostId"`
}

func writeS3Error(w http.ResponseWriter, status int, e s3Error) {
	e.RequestID = fmt.Sprintf("%016X", rand.Uint64())
	e.HostID = "simulator"
	b, _ := xml.Marshal(e)
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
	w.Write([]byte(xml.Header))
	w.Write(b)
}

// handleFile serves GET /files/{id}/{name}?expires=…&signature=….
func (s *Sim) handleFile(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	name := r.PathValue("name")
	exp, expErr := strconv.ParseInt(r.URL.Query().Get("expires"), 10, 64)
	sig, sigErr := hex.DecodeString(r.URL.Query().Get("signature"))
	if err != nil || expErr != nil || sigErr != nil || !hmac.Equal(sig, s.sign(fileSigMsg(id, name, exp))) {
		writeS3Error(w, http.StatusForbidden, s3Error{Code: "AccessDenied", Message: "Request signature does not match"})
		return
	}
	now := s.now()
	if now.Unix() > exp {
		writeS3Error(w, http.StatusForbidden, s3Error{Code: "AccessDenied", Message: "Request has expired",
			Expires: time.Unix(exp, 0).UTC().Format(time.RFC3339), Server: now.Format(time.RFC3339)})
		return
	}
	body, ctype, err := s.AttachmentFile(id)
	if errors.Is(err, errNoAttachment) {
		writeS3Error(w, http.StatusNotFound, s3Error{Code: "NoSuchKey", Message: "The specified key does not exist."})
		return
	}
	if err != nil {
		s.log.Error("greenhouse simulator: attachment", "error", err, "attachment_id", id)
		writeS3Error(w, http.StatusInternalServerError, s3Error{Code: "InternalError", Message: "We encountered an internal error. Please try again."})
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	w.Write(body)
}

var errNoAttachment = errors.New("simulator: no such attachment")

// AttachmentFile returns the bytes and content type of an attachment, as
// its URL serves them.
func (s *Sim) AttachmentFile(id int64) ([]byte, string, error) {
	s.mu.RLock()
	a, ok := s.st.attachments.get(id)
	if !ok {
		s.mu.RUnlock()
		return nil, "", errNoAttachment
	}
	att := *a
	var doc document
	var text string
	switch att.origin.kind {
	case originResume, originCoverLetter:
		doc = s.documentFor(&att)
	case originText:
		text = s.g.corpus.texts[att.origin.index].text
	}
	s.mu.RUnlock()

	var body []byte
	switch att.origin.kind {
	case originFile:
		b, err := os.ReadFile(att.origin.path)
		if err != nil {
			return nil, "", fmt.Errorf("simulator: read corpus file for attachment %d: %w", id, err)
		}
		body = b
	case originText:
		body = []byte(text)
	default:
		switch att.Format {
		case "pdf":
			body = renderPDF(doc)
		case "docx":
			body = renderDOCX(doc)
		default:
			body = []byte(doc.plainText())
		}
	}
	if att.Corrupt {
		body = corrupt(body, att.Format)
	}
	return body, contentTypes[att.Format], nil
}

// AttachmentText returns the text a correct extractor should find in an
// attachment the simulator wrote itself (not for corpus files).
func (s *Sim) AttachmentText(id int64) (string, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	a, ok := s.st.attachments.get(id)
	if !ok {
		return "", errNoAttachment
	}
	switch a.origin.kind {
	case originText:
		return s.g.corpus.texts[a.origin.index].text, nil
	case originFile:
		return "", fmt.Errorf("simulator: attachment %d is a corpus file; its text is not known", id)
	}
	doc := s.documentFor(a)
	return doc.plainText(), nil
}

// documentFor builds the document of a generated attachment from the
// current records. Callers hold s.mu.
func (s *Sim) documentFor(a *Attachment) document {
	st := s.st
	c, _ := st.candidates.get(a.CandidateID)
	in := resumeInput{cand: *c, seed: c.seed ^ splitmix(a.origin.variant), asOf: a.CreatedAt}
	for _, e := range st.employments.children("candidate_id", c.ID) {
		if !e.StartDate.After(a.CreatedAt) {
			in.emps = append(in.emps, *e)
		}
	}
	for _, e := range st.educations.children("candidate_id", c.ID) {
		in.edus = append(in.edus, *e)
	}
	if app, ok := st.applications.get(a.ApplicationID); ok {
		if j, ok := st.jobs.get(app.JobID); ok {
			in.jobAt = j.Name
		}
	}
	if a.origin.kind == originCoverLetter {
		return coverLetterDoc(in)
	}
	return resumeDoc(in)
}

// corrupt damages a file the way broken uploads look in practice: a PDF
// cut off half-way (no xref, no %%EOF), a DOCX whose zip directory is
// missing, and (only through CorruptAttachment) a "text" file that is
// binary junk.
func corrupt(b []byte, format string) []byte {
	switch format {
	case "pdf", "docx":
		return bytes.Clone(b[:len(b)/2])
	}
	junk := make([]byte, 512)
	r := rand.New(rand.NewPCG(uint64(len(b)), 7))
	for i := range junk {
		junk[i] = byte(r.Uint32())
	}
	return junk
}

// CorruptAttachment makes one attachment's file corrupt (see
// Config.CorruptEvery), for "corrupt file recorded as failed" tests.
func (s *Sim) CorruptAttachment(id int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.st.attachments.get(id)
	if !ok {
		return errNoAttachment
	}
	a.Corrupt = true
	return nil
}

package app

import (
	"context"
	"net/url"
	"strconv"
	"strings"
)

// Settings keys of the company settings on My Company.
const (
	SettingCompanyName       = "company.name"
	SettingRequisitionPrefix = "ats.requisition_prefix"
	SettingCandidatePrefix   = "ats.candidate_prefix"
)

// company is the company's settings as pages use them.
type company struct {
	Name string
	// RequisitionPrefix and CandidatePrefix build "View in ATS" links: the
	// prefix followed by the Greenhouse id. Empty hides the links.
	RequisitionPrefix string
	CandidatePrefix   string
}

// company reads the company settings.
func (s *server) company(ctx context.Context) (company, error) {
	kv, err := s.DB.Settings(ctx)
	if err != nil {
		return company{}, err
	}
	return company{Name: kv[SettingCompanyName], RequisitionPrefix: kv[SettingRequisitionPrefix], CandidatePrefix: kv[SettingCandidatePrefix]}, nil
}

// jobURL is a job's page in the ATS, or "" when no prefix is set.
func (c company) jobURL(id int64) string { return atsURL(c.RequisitionPrefix, id) }

// candidateURL is a candidate's page in the ATS, or "".
func (c company) candidateURL(id int64) string { return atsURL(c.CandidatePrefix, id) }

func atsURL(prefix string, id int64) string {
	if prefix == "" || id == 0 {
		return ""
	}
	return prefix + strconv.FormatInt(id, 10)
}

// checkATSPrefix validates an ATS link prefix: empty, or an absolute http or
// https URL (the id is appended to it as is).
func checkATSPrefix(label, v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", nil
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || strings.ContainsAny(v, " \t\r\n\"<>") {
		return "", invalid("the %s must be an absolute http:// or https:// address, such as https://app.greenhouse.io/people/", label)
	}
	if u.Fragment != "" {
		return "", invalid("the %s must not contain a #fragment: the id is added at its end", label)
	}
	return v, nil
}

package app

import (
	"net/http"
	"strings"

	"github.com/shortlist-hq/shortlist/views"
)

// companyUpdate saves the company name and the ATS link prefixes.
func (s *server) companyUpdate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		s.error(w, r, err)
		return
	}
	name := strings.TrimSpace(r.PostForm.Get("company_name"))
	reqRaw, candRaw := r.PostForm.Get("requisition_prefix"), r.PostForm.Get("candidate_prefix")
	req, err := checkATSPrefix("Requisition ATS Link prefix", reqRaw)
	cand, err2 := checkATSPrefix("Candidate ATS Link prefix", candRaw)
	if err == nil {
		err = err2
	}
	if err == nil && len(name) > 200 {
		err = invalid("the company name must have at most 200 characters")
	}
	if err != nil {
		_, msg := errorStatus(err)
		s.renderCompany(w, r, http.StatusBadRequest, msg, func(p *views.CompanyProps) {
			p.Name, p.RequisitionPrefix, p.CandidatePrefix = name, reqRaw, candRaw
		})
		return
	}
	err = s.DB.SetSettings(r.Context(), map[string]string{
		SettingCompanyName: name, SettingRequisitionPrefix: req, SettingCandidatePrefix: cand,
	})
	if err != nil {
		s.error(w, r, err)
		return
	}
	flash(r, views.FlashSuccess, "Company settings saved.")
	s.redirect(w, r, "/company")
}

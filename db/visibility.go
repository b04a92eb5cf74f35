package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Greenhouse decides who may see what, but Shortlist reads everything with
// a site-admin credential, so it applies Greenhouse's rules itself. The
// rules, from Greenhouse's Harvest v3 reference (harvest_v3_inventory.md):
//
//   - A confidential job (jobs.confidential) is "restricted to users
//     explicitly granted on the Hiring Team", and is hidden even from site
//     admins who are not on it. The hiring team is the job's hiring managers
//     (job_hiring_managers) and its recruiters, coordinators and sourcers
//     (job_owners).
//   - A private candidate (candidates.private) is "restricted to View Private
//     Candidates access", a permission granted per job (the candidates list
//     includes "private candidates the caller has access to"). Shortlist
//     does not sync per-user job permissions, so the hiring team stands for
//     that access: a private candidate is visible to the hiring team of any
//     job they applied to.
//   - Shortlist owners see everything: they connect the site-admin
//     credential Shortlist reads with.
//
// A recruiter whose account maps to no Greenhouse user, or to a deactivated
// one, sees no confidential job and no private candidate. Someone who may
// not see a job does not see the applications to it either (a candidate's
// page would name the confidential job).

// How an account was matched to its Greenhouse user.
const (
	// MappedExplicitly: accounts.greenhouse_user_id names the user.
	MappedExplicitly = "explicit"
	// MappedByPrimaryEmail: the user's primary email is the account's.
	MappedByPrimaryEmail = "primary_email"
	// MappedByEmail: one of the user's other emails is the account's.
	MappedByEmail = "email"
)

// GreenhouseUser is the Greenhouse user a Shortlist account acts as.
type GreenhouseUser struct {
	ID int64
	// Name and Email (the primary email) are empty when the account names a
	// user that has not been synced.
	Name, Email string
	Deactivated bool
	// Via is how the account was matched: MappedExplicitly,
	// MappedByPrimaryEmail or MappedByEmail.
	Via string
}

// GreenhouseUserFor returns the Greenhouse user account accountID acts as:
// the one set on the account (SetGreenhouseUser), else the synced user
// whose primary email, or failing that another of whose emails, is the
// account's email, ignoring case. Among several, an active user wins, then
// the lowest id. ErrNotFound means none (or no such account).
func (d *DB) GreenhouseUserFor(ctx context.Context, accountID int64) (GreenhouseUser, error) {
	var email string
	var explicit sql.NullInt64
	err := d.read.QueryRowContext(ctx, `SELECT email, greenhouse_user_id FROM accounts WHERE id = ?`, accountID).Scan(&email, &explicit)
	if errors.Is(err, sql.ErrNoRows) {
		return GreenhouseUser{}, fmt.Errorf("db: account %d: %w", accountID, ErrNotFound)
	}
	if err != nil {
		return GreenhouseUser{}, fmt.Errorf("db: greenhouse user of account %d: %w", accountID, err)
	}
	if explicit.Valid {
		u := GreenhouseUser{ID: explicit.Int64, Via: MappedExplicitly}
		err := d.read.QueryRowContext(ctx, `SELECT `+ghUserCols+` FROM users u WHERE u.id = ?`, u.ID).Scan(&u.Name, &u.Email, &u.Deactivated)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return u, fmt.Errorf("db: greenhouse user %d: %w", u.ID, err)
		}
		return u, nil
	}
	email = strings.TrimSpace(email)
	if email == "" {
		return GreenhouseUser{}, fmt.Errorf("db: greenhouse user of account %d: %w", accountID, ErrNotFound)
	}
	// COLLATE NOCASE folds ASCII only, as accounts.email does. A raw that
	// is not JSON must not fail the whole lookup, hence json_valid.
	var u GreenhouseUser
	var primary bool
	err = d.read.QueryRowContext(ctx, `SELECT u.id, `+ghUserCols+`, u.primary_email = ?1 COLLATE NOCASE
		FROM users u
		WHERE u.primary_email = ?1 COLLATE NOCASE
			OR EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid(u.raw) THEN u.raw ELSE '{}' END, '$.emails') e
				WHERE e.type = 'text' AND e.value = ?1 COLLATE NOCASE)
		ORDER BY u.deactivated, 5 DESC, u.id
		LIMIT 1`, email).Scan(&u.ID, &u.Name, &u.Email, &u.Deactivated, &primary)
	if errors.Is(err, sql.ErrNoRows) {
		return u, fmt.Errorf("db: no greenhouse user has the email %s: %w", email, ErrNotFound)
	}
	if err != nil {
		return u, fmt.Errorf("db: greenhouse user of account %d: %w", accountID, err)
	}
	u.Via = MappedByEmail
	if primary {
		u.Via = MappedByPrimaryEmail
	}
	return u, nil
}

const ghUserCols = `coalesce(nullif(u.name, ''), trim(u.first_name || ' ' || u.last_name)), u.primary_email, u.deactivated`

// GreenhouseUsers maps every account that has a Greenhouse user to it
// (see GreenhouseUserFor).
func (d *DB) GreenhouseUsers(ctx context.Context) (map[int64]GreenhouseUser, error) {
	rows, err := d.read.QueryContext(ctx, `SELECT id FROM accounts ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("db: greenhouse users: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, fmt.Errorf("db: greenhouse users: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("db: greenhouse users: %w", err)
	}
	// One lookup per account: a company has tens of accounts.
	out := make(map[int64]GreenhouseUser, len(ids))
	for _, id := range ids {
		u, err := d.GreenhouseUserFor(ctx, id)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out[id] = u
	}
	return out, nil
}

// SetGreenhouseUser makes account accountID act as Greenhouse user userID
// whatever the emails say; userID 0 goes back to matching by email.
func (d *DB) SetGreenhouseUser(ctx context.Context, accountID, userID int64) error {
	if userID < 0 {
		return Errorf(ErrInvalid, "%d is not a Greenhouse user id", userID)
	}
	return d.Update(ctx, func(tx *Tx) error {
		res, err := tx.tx.ExecContext(ctx, `UPDATE accounts SET greenhouse_user_id = ? WHERE id = ?`, nullInt(userID), accountID)
		if err != nil {
			return fmt.Errorf("db: set greenhouse user of account %d: %w", accountID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("db: account %d: %w", accountID, ErrNotFound)
		}
		return nil
	})
}

// Viewer is someone reading Greenhouse data through Shortlist, as the
// visibility rules (above) need to know them. The zero Viewer sees no
// confidential job and no private candidate.
type Viewer struct {
	// All sees everything: owners, and Shortlist's own background work.
	All bool
	// GreenhouseUserID is the Greenhouse user the account acts as, 0 when
	// none.
	GreenhouseUserID int64
	// TeamJobIDs are the jobs whose hiring team the user is on, ascending.
	TeamJobIDs []int64
}

// Everyone is the Viewer that sees everything.
var Everyone = Viewer{All: true}

// ViewerFor is what account a may see: everything for an owner, else what
// its Greenhouse user (GreenhouseUserFor) would see in Greenhouse. The
// hiring teams are read now, so a change synced from Greenhouse applies to
// the next request.
func (d *DB) ViewerFor(ctx context.Context, a Account) (Viewer, error) {
	if a.Role == RoleOwner {
		return Everyone, nil
	}
	u, err := d.GreenhouseUserFor(ctx, a.ID)
	if errors.Is(err, ErrNotFound) {
		return Viewer{}, nil
	}
	if err != nil {
		return Viewer{}, err
	}
	if u.Deactivated {
		// Greenhouse shows a deactivated user nothing.
		return Viewer{}, nil
	}
	v := Viewer{GreenhouseUserID: u.ID}
	rows, err := d.read.QueryContext(ctx, `SELECT job_id FROM job_owners WHERE user_id = ?1
		UNION SELECT job_id FROM job_hiring_managers WHERE user_id = ?1 ORDER BY 1`, u.ID)
	if err != nil {
		return v, fmt.Errorf("db: hiring teams of greenhouse user %d: %w", u.ID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return v, fmt.Errorf("db: hiring teams of greenhouse user %d: %w", u.ID, err)
		}
		v.TeamJobIDs = append(v.TeamJobIDs, id)
	}
	return v, rows.Err()
}

// OnTeam reports whether the viewer is on job jobID's hiring team.
func (v Viewer) OnTeam(jobID int64) bool {
	_, ok := slices.BinarySearch(v.TeamJobIDs, jobID)
	return ok
}

// SeesJob reports whether the viewer may see a job.
func (v Viewer) SeesJob(jobID int64, confidential bool) bool {
	return v.All || !confidential || v.OnTeam(jobID)
}

func (v Viewer) teamJSON() string {
	if len(v.TeamJobIDs) == 0 {
		return "[]"
	}
	return idsJSON(v.TeamJobIDs)
}

// jobVisible is the condition that the viewer may see job j (an alias of
// jobs), with its arguments.
func (v Viewer) jobVisible(j string) (string, []any) {
	if v.All {
		return "1", nil
	}
	return `(` + j + `.confidential = 0 OR ` + j + `.id IN (SELECT value FROM json_each(?)))`, []any{v.teamJSON()}
}

// candidateVisible is the condition that the viewer may see candidate c (an
// alias of candidates), with its arguments.
func (v Viewer) candidateVisible(c string) (string, []any) {
	if v.All {
		return "1", nil
	}
	// A prospect for one of the team's jobs counts as having applied to it,
	// as in the search index (search.Document.AppliedJobIDs).
	team := v.teamJSON()
	return `(` + c + `.private = 0 OR EXISTS (SELECT 1 FROM applications va WHERE va.candidate_id = ` + c + `.id
		AND va.job_id IN (SELECT value FROM json_each(?)))
		OR EXISTS (SELECT 1 FROM applications va JOIN application_prospective_jobs vp ON vp.application_id = va.id
		WHERE va.candidate_id = ` + c + `.id AND vp.job_id IN (SELECT value FROM json_each(?))))`, []any{team, team}
}

// hiddenApplications is a WITH clause naming hidden_applications: per job,
// how many applications (n), and active ones (active), come from private
// candidates the viewer may not see; "" when the viewer sees everyone.
// Listing jobs subtracts these from the plain counts, which keeps those one
// covering-index walk per job; the hidden ones are found once per
// statement from the few private candidates (index candidates_private).
func (v Viewer) hiddenApplications() (string, []any) {
	if v.All {
		return "", nil
	}
	cond, args := v.candidateVisible("c")
	// A prospect application counts for each of its prospective jobs, as
	// in the job's applicant counts.
	return `WITH hidden_applications AS MATERIALIZED (
		SELECT job_id, count(*) AS n, sum(active) AS active FROM (
			SELECT a.job_id AS job_id, a.status = 'active' AS active
			FROM candidates c CROSS JOIN applications a ON a.candidate_id = c.id
			WHERE c.private = 1 AND a.job_id IS NOT NULL AND NOT ` + cond + `
			UNION ALL
			SELECT p.job_id, a.status = 'active'
			FROM candidates c CROSS JOIN applications a ON a.candidate_id = c.id
			JOIN application_prospective_jobs p ON p.application_id = a.id
			WHERE c.private = 1 AND a.job_id IS NOT p.job_id AND NOT ` + cond + `)
		GROUP BY job_id) `, append(args, args...)
}

// CandidateVisible reports whether the viewer may see candidate id;
// ErrNotFound when there is no such candidate.
func (d *DB) CandidateVisible(ctx context.Context, v Viewer, id int64) (bool, error) {
	cond, args := v.candidateVisible("c")
	var ok bool
	err := d.read.QueryRowContext(ctx, `SELECT `+cond+` FROM candidates c WHERE c.id = ?`, append(args, id)...).Scan(&ok)
	if errors.Is(err, sql.ErrNoRows) {
		return false, fmt.Errorf("db: candidate %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return false, fmt.Errorf("db: candidate %d: %w", id, err)
	}
	return ok, nil
}

// CandidateProfileFor loads a candidate's profile as v may see it: a
// private candidate v may not see is ErrNotFound, as if it did not exist,
// and applications to jobs v may not see are left out.
func (d *DB) CandidateProfileFor(ctx context.Context, v Viewer, id int64) (CandidateProfile, error) {
	ok, err := d.CandidateVisible(ctx, v, id)
	if err != nil {
		return CandidateProfile{}, err
	}
	if !ok {
		return CandidateProfile{}, fmt.Errorf("db: candidate %d: %w", id, ErrNotFound)
	}
	p, err := d.CandidateProfile(ctx, id)
	if err != nil || v.All {
		return p, err
	}
	apps := p.Applications[:0:0]
	for _, a := range p.Applications {
		if a.JobID != 0 && !v.SeesJob(a.JobID, a.JobConfidential) {
			continue
		}
		// A prospect for several jobs shows only the jobs v may see, and
		// not at all when it names none of them.
		if a.JobID == 0 && len(a.ProspectiveJobs) > 0 {
			var ids []int64
			var jobs []JobName
			for _, j := range a.ProspectiveJobs {
				if v.SeesJob(j.ID, j.Confidential) {
					ids, jobs = append(ids, j.ID), append(jobs, j)
				}
			}
			if len(jobs) == 0 {
				continue
			}
			a.ProspectiveJobIDs, a.ProspectiveJobs = ids, jobs
		}
		apps = append(apps, a)
	}
	p.Applications = apps
	return p, nil
}

package db

import (
	"context"
	"database/sql"
	"io/fs"
	"path"
	"path/filepath"
	"sort"
	"testing"
)

// TestMigration0006UpgradesSyncedRows builds a database at migration 0005,
// fills it as the previous release synced it (v1 and v3 prospects, v3
// applications and owners, an education), and opens it: 0006 must apply
// and carry every row over to the new columns.
func TestMigration0006UpgradesSyncedRows(t *testing.T) {
	ctx := context.Background()
	p := filepath.Join(t.TempDir(), "old.db")
	raw, err := sql.Open("sqlite", p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	names, _ := fs.Glob(migrationFS, "migrations/*.sql")
	sort.Strings(names)
	for _, name := range names {
		if path.Base(name) >= "0006" {
			break
		}
		body, _ := fs.ReadFile(migrationFS, name)
		if _, err := raw.Exec(string(body)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, err := raw.Exec(`INSERT INTO migrations VALUES (?, '2026-01-01T00:00:00.000Z')`, path.Base(name)); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []string{
		// v1 prospect: first job in job_id, all in raw's jobs.
		`INSERT INTO applications (id, candidate_id, job_id, prospect, status, raw) VALUES (1, 10, 501, 1, 'active',
			'{"id":1,"prospect":true,"jobs":[{"id":501,"name":"A"},{"id":502,"name":"B"}],"current_stage":null}')`,
		// v3 prospect: job_id null, prospective_job_ids in raw.
		`INSERT INTO applications (id, candidate_id, job_id, prospect, status, raw) VALUES (2, 11, NULL, 1, 'active',
			'{"id":2,"job_id":null,"prospect":true,"prospective_job_ids":[503],"stage_id":null,"stage_name":null}')`,
		// v3 candidate application whose stage_id was the application stage record.
		`INSERT INTO applications (id, candidate_id, job_id, prospect, status, stage_id, stage_name, raw) VALUES (3, 12, 501, 0, 'active',
			9001, 'Onsite', '{"id":3,"job_id":501,"prospect":false,"prospective_job_ids":[],"stage_id":9001,"stage_name":"Onsite"}')`,
		`INSERT INTO application_stages (id, application_id, job_interview_stage_id, current, raw) VALUES (9001, 3, 77, 1, '{}')`,
		// v1 candidate application: stage_id is the plan's stage already.
		`INSERT INTO applications (id, candidate_id, job_id, prospect, status, stage_id, stage_name, raw) VALUES (4, 13, 502, 0, 'active',
			78, 'Screen', '{"id":4,"prospect":false,"jobs":[{"id":502}],"current_stage":{"id":78,"name":"Screen"}}')`,
		`INSERT INTO job_owners (job_id, user_id, type, raw) VALUES (501, 1, 'recruiter', '{"responsible":true}'), (501, 2, 'recruiter', '{"responsible":false}')`,
		`INSERT INTO job_hiring_managers (job_id, user_id, responsible, raw) VALUES (501, 3, 1, '{}')`,
		`INSERT INTO candidate_educations (id, candidate_id, raw) VALUES (61, 12,
			'{"id":61,"school_name_custom_field_option_id":5,"degree_custom_field_option_id":6,"discipline_custom_field_option_id":null}')`,
		`INSERT INTO sync_state (resource, high_water, cursor) VALUES ('candidate_educations', '2026-01-01T00:00:00.000Z', ''),
			('candidates', '2026-01-01T00:00:00.000Z', '')`,
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	raw.Close()

	d, err := Open(ctx, p)
	if err != nil {
		t.Fatalf("open the 0005 database: %v", err)
	}
	defer d.Close()
	if ok, err := d.SchemaUpToDate(ctx); !ok || err != nil {
		t.Fatalf("schema up to date = %v, %v", ok, err)
	}
	check := func(q, want string) {
		t.Helper()
		var got sql.NullString
		if err := d.read.QueryRowContext(ctx, q).Scan(&got); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if got.String != want {
			t.Errorf("%s = %q, want %q", q, got.String, want)
		}
	}
	check(`SELECT coalesce(job_id, 'null') || ' ' || prospective_job_ids FROM applications WHERE id = 1`, "null [501,502]")
	check(`SELECT coalesce(job_id, 'null') || ' ' || prospective_job_ids FROM applications WHERE id = 2`, "null [503]")
	check(`SELECT job_id || ' ' || prospective_job_ids || ' ' || stage_id || ' ' || application_stage_id FROM applications WHERE id = 3`,
		"501 [] 77 9001")
	check(`SELECT job_id || ' ' || prospective_job_ids || ' ' || stage_id || ' ' || coalesce(application_stage_id, 'null') FROM applications WHERE id = 4`,
		"502 [] 78 null")
	check(`SELECT group_concat(job_id || ':' || application_id, ',') FROM (SELECT * FROM application_prospective_jobs ORDER BY job_id)`,
		"501:1,502:1,503:2")
	check(`SELECT group_concat(user_id || ':' || responsible, ',') FROM (SELECT * FROM job_owners ORDER BY user_id)`, "1:1,2:0")
	check(`SELECT count(*) FROM pragma_table_info('job_hiring_managers') WHERE name = 'responsible'`, "0")
	check(`SELECT school_name_custom_field_option_id || ' ' || degree_custom_field_option_id || ' ' ||
		coalesce(discipline_custom_field_option_id, 'null') FROM candidate_educations`, "5 6 null")
	// Educations are read again in full; other resources continue.
	check(`SELECT coalesce(high_water, 'none') FROM sync_state WHERE resource = 'candidate_educations'`, "none")
	check(`SELECT high_water FROM sync_state WHERE resource = 'candidates'`, "2026-01-01T00:00:00.000Z")
}

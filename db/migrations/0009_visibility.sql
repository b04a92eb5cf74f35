-- Greenhouse visibility (confidential jobs, private candidates) depends on
-- which Greenhouse user a Shortlist account is. By default that is the
-- Greenhouse user with the account's email (db.GreenhouseUserFor); it can be
-- set explicitly when the emails differ (db.SetGreenhouseUser). NULL: by email.
-- No foreign key: users are synced and may arrive after the account is set.
ALTER TABLE accounts ADD COLUMN greenhouse_user_id INTEGER;

-- Who is on a job's hiring team is looked up by user on every page a
-- recruiter opens.
CREATE INDEX job_owners_user ON job_owners (user_id);
CREATE INDEX job_hiring_managers_user ON job_hiring_managers (user_id);
CREATE INDEX users_primary_email ON users (primary_email COLLATE NOCASE);
-- Private candidates are few; listing jobs for a recruiter starts from them.
CREATE INDEX candidates_private ON candidates (id) WHERE private = 1;

-- Harvest v3 as Greenhouse's reference has it (harvest_v3_endpoints.json).
--
-- Prospects: a prospect application has no job (job_id null) and lists the
-- jobs it is considered for in prospective_job_ids; v1 lists them as the
-- application's jobs. The links also live in application_prospective_jobs,
-- kept by triggers from the JSON column, so "the candidates for a job" is an
-- index lookup, prospects included.
ALTER TABLE applications ADD COLUMN prospective_job_ids TEXT NOT NULL DEFAULT '[]'; -- JSON array of job ids

CREATE TABLE application_prospective_jobs (
    job_id         INTEGER NOT NULL,
    application_id INTEGER NOT NULL,
    PRIMARY KEY (job_id, application_id)
) WITHOUT ROWID;
CREATE INDEX application_prospective_jobs_application ON application_prospective_jobs (application_id);

CREATE TRIGGER applications_ins_prospective AFTER INSERT ON applications BEGIN
    INSERT OR IGNORE INTO application_prospective_jobs (job_id, application_id)
        SELECT DISTINCT value, NEW.id FROM json_each(NEW.prospective_job_ids) WHERE value IS NOT NULL;
END;
CREATE TRIGGER applications_upd_prospective AFTER UPDATE OF prospective_job_ids ON applications BEGIN
    DELETE FROM application_prospective_jobs WHERE application_id = OLD.id;
    INSERT OR IGNORE INTO application_prospective_jobs (job_id, application_id)
        SELECT DISTINCT value, NEW.id FROM json_each(NEW.prospective_job_ids) WHERE value IS NOT NULL;
END;
CREATE TRIGGER applications_del_prospective AFTER DELETE ON applications BEGIN
    DELETE FROM application_prospective_jobs WHERE application_id = OLD.id;
END;

-- Rows synced before: v3 kept prospective_job_ids in raw; v1 put a
-- prospect's first job in job_id and all of them in raw's jobs.
UPDATE applications SET prospective_job_ids = json_extract(raw, '$.prospective_job_ids')
    WHERE json_type(raw, '$.prospective_job_ids') = 'array';
UPDATE applications SET job_id = NULL,
    prospective_job_ids = (SELECT json_group_array(json_extract(j.value, '$.id')) FROM json_each(applications.raw, '$.jobs') j
        WHERE json_extract(j.value, '$.id') IS NOT NULL)
    WHERE prospect = 1 AND json_type(raw, '$.jobs') = 'array';

-- Application stages: v3's application stage_id is the application's
-- application_stages record, kept as application_stage_id; stage_id stays
-- the interview plan's stage (v1's current_stage), which v3 rows take from
-- that record's job_interview_stage_id.
ALTER TABLE applications ADD COLUMN application_stage_id INTEGER;
CREATE INDEX applications_application_stage ON applications (application_stage_id) WHERE application_stage_id IS NOT NULL;
UPDATE applications SET application_stage_id = json_extract(raw, '$.stage_id'),
    stage_id = (SELECT s.job_interview_stage_id FROM application_stages s WHERE s.id = json_extract(applications.raw, '$.stage_id'))
    WHERE json_type(raw, '$.stage_name') IS NOT NULL AND json_type(raw, '$.current_stage') IS NULL;

-- Job owners say which recruiter or coordinator is responsible; hiring
-- managers have no such flag in either version.
ALTER TABLE job_owners ADD COLUMN responsible INTEGER NOT NULL DEFAULT 0;
UPDATE job_owners SET responsible = 1 WHERE json_extract(raw, '$.responsible') = 1;
ALTER TABLE job_hiring_managers DROP COLUMN responsible;

-- v3 educations name school, degree and discipline by custom field option
-- (custom_field_options); the names stay in school_name, degree and
-- discipline. Rows read before held no names: the next sync reads
-- educations again in full.
ALTER TABLE candidate_educations ADD COLUMN school_name_custom_field_option_id INTEGER;
ALTER TABLE candidate_educations ADD COLUMN degree_custom_field_option_id INTEGER;
ALTER TABLE candidate_educations ADD COLUMN discipline_custom_field_option_id INTEGER;
UPDATE candidate_educations SET
    school_name_custom_field_option_id = json_extract(raw, '$.school_name_custom_field_option_id'),
    degree_custom_field_option_id = json_extract(raw, '$.degree_custom_field_option_id'),
    discipline_custom_field_option_id = json_extract(raw, '$.discipline_custom_field_option_id');
UPDATE sync_state SET high_water = NULL, pass_started_at = NULL, pass_full = 0, cursor = '', fetched = 0
    WHERE resource = 'candidate_educations';
DELETE FROM sync_seen WHERE resource = 'candidate_educations';

-- A candidate Greenhouse is still processing is listed as {"message": …}
-- without an id. The pass skips it, and the next pass must read it: the
-- high-water mark may not pass it. deferred_floor is the latest time the
-- mark may move to (the creation time of the next older candidate of the
-- list, which the processing one cannot predate); deferred_open says an
-- item was skipped at the end of a page, so the next page's first
-- candidate sets the floor.
ALTER TABLE sync_state ADD COLUMN deferred_floor TEXT;
ALTER TABLE sync_state ADD COLUMN deferred_open INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sync_state ADD COLUMN deferred INTEGER NOT NULL DEFAULT 0;

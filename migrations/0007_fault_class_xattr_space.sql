-- A Faulty worker's reason may be 'xattr_space_exhausted': gsyncd's lsetxattr of its stime on a primary
-- brick directory failed with ENOSPC because stale stime xattrs of deleted secondaries fill the
-- directory's xattr space (sync-jobs/fault_classifier.h).
ALTER TABLE georep_brick_faults DROP CONSTRAINT georep_brick_faults_reason_class_check;
ALTER TABLE georep_brick_faults ADD CONSTRAINT georep_brick_faults_reason_class_check CHECK (reason_class IN (
    'ssh_auth', 'rsync', 'secondary_full', 'xattr_space_exhausted', 'permission_denied', 'history_crawl',
    'version_mismatch', 'secondary_unreachable', 'unknown', 'log_unreadable'));

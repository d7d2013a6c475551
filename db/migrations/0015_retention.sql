CREATE TABLE `log_compactions` (
	`release_id` text NOT NULL,
	`after_seq` integer NOT NULL,
	`through_seq` integer NOT NULL,
	`through_hash` text NOT NULL,
	`kept` integer NOT NULL,
	`removed` integer NOT NULL,
	`kept_digest` text NOT NULL,
	`compacted_at` text NOT NULL,
	`seal` text NOT NULL,
	PRIMARY KEY(`release_id`, `through_seq`)
);
--> statement-breakpoint
ALTER TABLE `releases` ADD `compact_after_days` integer;--> statement-breakpoint
CREATE INDEX `events_actor` ON `events` (`release_id`,`actor`,`seq`);--> statement-breakpoint
CREATE INDEX `events_type` ON `events` (`release_id`,`type`,`seq`);--> statement-breakpoint
-- Retention (ADR 010) removes repeated readings, and nothing else: only an evidence.reported inside a range
-- whose sealed compaction record is already written may be deleted. Every other DELETE is still refused.
DROP TRIGGER events_no_delete;
--> statement-breakpoint
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
WHEN OLD.type <> 'evidence.reported'
  OR json_extract(OLD.data, '$.from.status') IS NOT json_extract(OLD.data, '$.to.status')
  OR NOT EXISTS (SELECT 1 FROM log_compactions c WHERE c.release_id = OLD.release_id AND c.through_seq >= OLD.seq AND c.after_seq < OLD.seq)
BEGIN
  SELECT RAISE(ABORT, 'events are append-only: DELETE is refused (retention removes repeated readings only inside a sealed compacted range)');
END;
--> statement-breakpoint
-- A compaction record is written once, like the events it vouches for.
CREATE TRIGGER log_compactions_no_update BEFORE UPDATE ON log_compactions
BEGIN
  SELECT RAISE(ABORT, 'log_compactions is append-only: UPDATE is refused');
END;
--> statement-breakpoint
CREATE TRIGGER log_compactions_no_delete BEFORE DELETE ON log_compactions
BEGIN
  SELECT RAISE(ABORT, 'log_compactions is append-only: DELETE is refused');
END;

CREATE TABLE `access_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`subject` text NOT NULL
);
--> statement-breakpoint
CREATE TRIGGER access_events_no_update BEFORE UPDATE ON access_events
BEGIN
  SELECT RAISE(ABORT, 'access events are append-only: UPDATE is refused');
END;
--> statement-breakpoint
CREATE TRIGGER access_events_no_delete BEFORE DELETE ON access_events
BEGIN
  SELECT RAISE(ABORT, 'access events are append-only: DELETE is refused');
END;

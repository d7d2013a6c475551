CREATE TABLE `decision_actions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`decision_id` integer NOT NULL,
	`release_id` text NOT NULL,
	`title` text NOT NULL,
	`owner` text NOT NULL,
	`due` text NOT NULL,
	`done_at` text,
	`done_by` text,
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `decision_actions_release` ON `decision_actions` (`release_id`);--> statement-breakpoint
CREATE TABLE `decisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`release_id` text NOT NULL,
	`decision` text NOT NULL,
	`seq` integer NOT NULL,
	`record` text NOT NULL,
	`hash` text NOT NULL,
	`decided_at` text NOT NULL,
	`decided_by` text NOT NULL,
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `decisions_release` ON `decisions` (`release_id`,`id`);--> statement-breakpoint
CREATE TABLE `meeting_notes` (
	`meeting_id` integer NOT NULL,
	`section` text NOT NULL,
	`text` text NOT NULL,
	`updated_by` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`meeting_id`, `section`),
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `meetings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`release_id` text NOT NULL,
	`scheduled_at` text NOT NULL,
	`required_functions` text NOT NULL,
	`agenda` text NOT NULL,
	`item_minutes` integer NOT NULL,
	`total_minutes` integer NOT NULL,
	`status` text NOT NULL,
	`presenter` text,
	`current` integer DEFAULT 0 NOT NULL,
	`current_since` text,
	`started_at` text,
	`ended_at` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `meetings_release` ON `meetings` (`release_id`);--> statement-breakpoint
CREATE TABLE `votes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`release_id` text NOT NULL,
	`function` text NOT NULL,
	`vote` text NOT NULL,
	`comment` text NOT NULL,
	`voter` text NOT NULL,
	`cast_at` text NOT NULL,
	`seq` integer NOT NULL,
	`statuses` text NOT NULL,
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `votes_release` ON `votes` (`release_id`,`function`,`id`);--> statement-breakpoint
ALTER TABLE `releases` ADD `phase` text DEFAULT 'open' NOT NULL;--> statement-breakpoint
-- Votes and decision records are evidence of what was decided: never edited in place.
CREATE TRIGGER votes_no_update BEFORE UPDATE ON votes
BEGIN
  SELECT RAISE(ABORT, 'votes are append-only: UPDATE is refused');
END;
--> statement-breakpoint
CREATE TRIGGER votes_no_delete BEFORE DELETE ON votes
BEGIN
  SELECT RAISE(ABORT, 'votes are append-only: DELETE is refused');
END;
--> statement-breakpoint
CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions
BEGIN
  SELECT RAISE(ABORT, 'decision records are append-only: UPDATE is refused');
END;
--> statement-breakpoint
CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions
BEGIN
  SELECT RAISE(ABORT, 'decision records are append-only: DELETE is refused');
END;

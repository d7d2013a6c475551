CREATE TABLE `drills` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`release_id` text NOT NULL,
	`item` text NOT NULL,
	`kind` text NOT NULL,
	`performed_on` text NOT NULL,
	`result` text NOT NULL,
	`detect_s` real,
	`mitigate_s` real,
	`participants` text NOT NULL,
	`findings` text NOT NULL,
	`note` text,
	`link` text,
	`seq` integer NOT NULL,
	`recorded_at` text NOT NULL,
	`recorded_by` text NOT NULL,
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `drills_release` ON `drills` (`release_id`,`id`);--> statement-breakpoint
CREATE INDEX `drills_item` ON `drills` (`release_id`,`item`,`id`);
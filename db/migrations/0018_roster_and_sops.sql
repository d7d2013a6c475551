CREATE TABLE `assessment_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`release_id` text NOT NULL,
	`assessment` text NOT NULL,
	`email` text NOT NULL,
	`score` real NOT NULL,
	`passed` integer NOT NULL,
	`attempted_at` text NOT NULL,
	`source` text NOT NULL,
	`recorded_at` text NOT NULL,
	`recorded_by` text NOT NULL,
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `assessment_attempts_person` ON `assessment_attempts` (`release_id`,`assessment`,`email`,`attempted_at`,`score`);--> statement-breakpoint
CREATE TABLE `roster_people` (
	`release_id` text NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`team` text NOT NULL,
	`language` text,
	`position` integer NOT NULL,
	`added_at` text NOT NULL,
	PRIMARY KEY(`release_id`, `email`),
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `roster_people_email` ON `roster_people` (`email`);--> statement-breakpoint
CREATE TABLE `sop_acknowledgements` (
	`sop_key` text NOT NULL,
	`version` integer NOT NULL,
	`email` text NOT NULL,
	`at` text NOT NULL,
	`recorded_by` text NOT NULL,
	PRIMARY KEY(`sop_key`, `version`, `email`),
	FOREIGN KEY (`sop_key`) REFERENCES `sops`(`key`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `sop_reviews` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`sop_key` text NOT NULL,
	`version` integer NOT NULL,
	`note` text NOT NULL,
	`reviewed_at` text NOT NULL,
	`reviewed_by` text NOT NULL,
	FOREIGN KEY (`sop_key`) REFERENCES `sops`(`key`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sop_reviews_sop` ON `sop_reviews` (`sop_key`,`reviewed_at`);--> statement-breakpoint
CREATE TABLE `sop_revisions` (
	`sop_key` text NOT NULL,
	`version` integer NOT NULL,
	`summary` text NOT NULL,
	`link` text,
	`body` text,
	`author` text NOT NULL,
	`created_at` text NOT NULL,
	`approved_by` text,
	`approved_at` text,
	PRIMARY KEY(`sop_key`, `version`),
	FOREIGN KEY (`sop_key`) REFERENCES `sops`(`key`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `sops` (
	`key` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`owner` text NOT NULL,
	`review_days` integer NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL
);

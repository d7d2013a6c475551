CREATE TABLE `api_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`functions` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` text NOT NULL,
	`last_used_at` text,
	`revoked_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_hash` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `events` (
	`release_id` text NOT NULL,
	`seq` integer NOT NULL,
	`type` text NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`item_id` text,
	`data` text NOT NULL,
	`board` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL,
	PRIMARY KEY(`release_id`, `seq`)
);
--> statement-breakpoint
CREATE INDEX `events_item` ON `events` (`release_id`,`item_id`,`seq`);--> statement-breakpoint
CREATE TABLE `items` (
	`release_id` text NOT NULL,
	`id` text NOT NULL,
	`section_key` text NOT NULL,
	`title` text NOT NULL,
	`kind` text NOT NULL,
	`owner` text NOT NULL,
	`config` text NOT NULL,
	`max_age` text,
	`position` integer NOT NULL,
	`evidence` text,
	`evidence_at` text,
	`status` text NOT NULL,
	`reason` text NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`release_id`, `id`),
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `releases` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`template_id` text NOT NULL,
	`functions` text NOT NULL,
	`start_date` text NOT NULL,
	`launch_date` text NOT NULL,
	`calendar` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sections` (
	`release_id` text NOT NULL,
	`key` text NOT NULL,
	`name` text NOT NULL,
	`owner` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`release_id`, `key`),
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE no action
);

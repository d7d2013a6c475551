CREATE TABLE `action_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`owner_id` integer,
	`function` text NOT NULL,
	`priority` text NOT NULL,
	`due` text NOT NULL,
	`status` text NOT NULL,
	`postmortem_id` integer,
	`decision_id` integer,
	`item` text,
	`evidence_link` text,
	`reason` text,
	`closed_by` text,
	`closed_at` text,
	`overdue_at` text,
	`source` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`postmortem_id`) REFERENCES `postmortems`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `action_items_owner` ON `action_items` (`owner_id`,`status`);--> statement-breakpoint
CREATE INDEX `action_items_open_due` ON `action_items` (`status`,`due`);--> statement-breakpoint
CREATE INDEX `action_items_postmortem` ON `action_items` (`postmortem_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `action_items_source` ON `action_items` (`source`);--> statement-breakpoint
CREATE TABLE `action_releases` (
	`action_id` integer NOT NULL,
	`release_id` text NOT NULL,
	PRIMARY KEY(`action_id`, `release_id`),
	FOREIGN KEY (`action_id`) REFERENCES `action_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `action_releases_release` ON `action_releases` (`release_id`,`action_id`);--> statement-breakpoint
CREATE TABLE `postmortems` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`incident_at` text NOT NULL,
	`severity` text NOT NULL,
	`summary` text NOT NULL,
	`timeline` text NOT NULL,
	`causes` text NOT NULL,
	`releases` text NOT NULL,
	`owner_id` integer NOT NULL,
	`status` text NOT NULL,
	`incident_ref` text,
	`decision_id` integer,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`updated_at` text NOT NULL,
	`published_at` text,
	`published_by` text,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `postmortems_status` ON `postmortems` (`status`,`id`);--> statement-breakpoint
-- A decision's follow-ups become action items (same ids, so older `action.done` events still name them): a person's
-- email that is a user owns it; a function's follow-up waits for a person; P2, as the decision endpoint's default.
INSERT INTO `action_items` (`id`, `title`, `description`, `owner_id`, `function`, `priority`, `due`, `status`, `decision_id`, `closed_by`, `closed_at`, `created_at`, `created_by`, `updated_at`)
SELECT a.`id`, a.`title`,
  CASE WHEN a.`owner` LIKE '%@%' AND u.`id` IS NULL THEN 'Owner when recorded: ' || a.`owner` ELSE '' END,
  u.`id`,
  CASE WHEN a.`owner` NOT LIKE '%@%' THEN a.`owner` ELSE COALESCE(json_extract(u.`functions`, '$[0]'), 'pmo') END,
  'P2', a.`due`,
  CASE WHEN a.`done_at` IS NULL THEN 'open' ELSE 'done' END,
  a.`decision_id`, a.`done_by`, a.`done_at`, d.`decided_at`, d.`decided_by`, COALESCE(a.`done_at`, d.`decided_at`)
FROM `decision_actions` a
JOIN `decisions` d ON d.`id` = a.`decision_id`
LEFT JOIN `users` u ON a.`owner` LIKE '%@%' AND u.`email` = lower(a.`owner`);
--> statement-breakpoint
INSERT INTO `action_releases` (`action_id`, `release_id`) SELECT `id`, `release_id` FROM `decision_actions`;

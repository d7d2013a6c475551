CREATE TABLE `param_approvals` (
	`proposal_id` integer NOT NULL,
	`approver` text NOT NULL,
	`at` text NOT NULL,
	PRIMARY KEY(`proposal_id`, `approver`),
	FOREIGN KEY (`proposal_id`) REFERENCES `param_proposals`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `param_drift` (
	`release_id` text NOT NULL,
	`item_id` text NOT NULL,
	`since` text NOT NULL,
	PRIMARY KEY(`release_id`, `item_id`)
);
--> statement-breakpoint
CREATE TABLE `param_proposal_values` (
	`proposal_id` integer NOT NULL,
	`release_id` text NOT NULL,
	`item_id` text NOT NULL,
	`value` text NOT NULL,
	`base` text NOT NULL,
	PRIMARY KEY(`proposal_id`, `item_id`),
	FOREIGN KEY (`proposal_id`) REFERENCES `param_proposals`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `param_proposal_values_item` ON `param_proposal_values` (`release_id`,`item_id`,`proposal_id`);--> statement-breakpoint
CREATE TABLE `param_proposals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`release_id` text NOT NULL,
	`rationale` text NOT NULL,
	`proposed_by` text NOT NULL,
	`proposed_at` text NOT NULL,
	`status` text NOT NULL,
	`decided_at` text,
	`decided_by` text,
	`reason` text,
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `param_proposals_release` ON `param_proposals` (`release_id`,`id`);--> statement-breakpoint
CREATE INDEX `param_proposals_pending` ON `param_proposals` (`release_id`,`status`);
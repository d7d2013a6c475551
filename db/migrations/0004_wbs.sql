CREATE TABLE `wbs_dependencies` (
	`release_id` text NOT NULL,
	`from_task` text NOT NULL,
	`to_task` text NOT NULL,
	`type` text NOT NULL,
	`lag` integer NOT NULL,
	`position` integer NOT NULL,
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `wbs_dependencies_release` ON `wbs_dependencies` (`release_id`,`position`);--> statement-breakpoint
CREATE TABLE `wbs_tasks` (
	`release_id` text NOT NULL,
	`id` text NOT NULL,
	`name` text NOT NULL,
	`parent` text,
	`owner` text,
	`duration` integer NOT NULL,
	`start_no_earlier_than` text,
	`progress` integer NOT NULL,
	`status` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`release_id`, `id`),
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE no action
);

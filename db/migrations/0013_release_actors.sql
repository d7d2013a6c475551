CREATE TABLE `release_actors` (
	`release_id` text NOT NULL,
	`actor` text NOT NULL,
	PRIMARY KEY(`release_id`, `actor`)
);
--> statement-breakpoint
INSERT OR IGNORE INTO `release_actors` (`release_id`, `actor`) SELECT DISTINCT `release_id`, `actor` FROM `events`;

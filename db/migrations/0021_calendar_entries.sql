CREATE TABLE `calendar_entries` (
	`release_id` text NOT NULL,
	`uid` text NOT NULL,
	`hash` text NOT NULL,
	`sequence` integer NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`release_id`, `uid`),
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE no action
);

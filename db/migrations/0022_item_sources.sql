CREATE TABLE `item_sources` (
	`release_id` text NOT NULL,
	`item_id` text NOT NULL,
	`checked_at` text NOT NULL,
	`ok_at` text,
	`error` text,
	`error_at` text,
	PRIMARY KEY(`release_id`, `item_id`),
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE no action
);

ALTER TABLE `board_links` ADD `locale` text;--> statement-breakpoint
ALTER TABLE `users` ADD `locale` text;
ALTER TABLE `access_events` ADD `prev_hash` text;--> statement-breakpoint
ALTER TABLE `access_events` ADD `hash` text;
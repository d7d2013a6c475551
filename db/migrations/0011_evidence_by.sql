ALTER TABLE `items` ADD `evidence_by` text;--> statement-breakpoint
-- Once, from the log (one indexed read per item): who reported each item's current evidence.
UPDATE `items` SET `evidence_by` = (
  SELECT `actor` FROM `events` e
  WHERE e.`release_id` = `items`.`release_id` AND e.`item_id` = `items`.`id` AND e.`type` = 'evidence.reported'
  ORDER BY e.`seq` DESC LIMIT 1
);

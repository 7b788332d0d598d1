ALTER TABLE "projects" ALTER COLUMN "allowed_origins" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "projects" ALTER COLUMN "redirect_urls" SET NOT NULL;--> statement-breakpoint
CREATE INDEX "projects_allowed_origins_idx" ON "projects" USING gin ("allowed_origins") WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "users_project_user_hash_idx" ON "users" USING btree ("project_id","user_hash");--> statement-breakpoint
CREATE INDEX "users_project_created_idx" ON "users" USING btree ("project_id","created_at","id");--> statement-breakpoint
ALTER TABLE "projects" DROP COLUMN "allowed_origin";--> statement-breakpoint
ALTER TABLE "projects" DROP COLUMN "redirect_url";--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_list_sizes" CHECK (cardinality("projects"."allowed_origins") between 1 and 20 and cardinality("projects"."redirect_urls") between 1 and 20);
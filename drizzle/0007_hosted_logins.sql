ALTER TABLE "workflow_sessions" RENAME TO "hosted_logins";--> statement-breakpoint
ALTER TABLE "challenges" RENAME COLUMN "workflow_session_id" TO "hosted_login_id";--> statement-breakpoint
ALTER TABLE "hosted_logins" DROP CONSTRAINT "workflow_sessions_organization_id_organizations_id_fk";
--> statement-breakpoint
ALTER TABLE "hosted_logins" DROP CONSTRAINT "workflow_sessions_workflow_id_workflows_id_fk";
--> statement-breakpoint
ALTER TABLE "hosted_logins" ADD CONSTRAINT "hosted_logins_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hosted_logins" ADD CONSTRAINT "hosted_logins_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hosted_logins" RENAME CONSTRAINT "workflow_sessions_pkey" TO "hosted_logins_pkey";--> statement-breakpoint
ALTER INDEX "workflow_sessions_workflow_idx" RENAME TO "hosted_logins_workflow_idx";--> statement-breakpoint
ALTER INDEX "workflow_sessions_expires_idx" RENAME TO "hosted_logins_expires_idx";

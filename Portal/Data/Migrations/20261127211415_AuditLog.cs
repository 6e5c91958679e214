using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class AuditLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AuditRecords",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ActorId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ActorEmail = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ClientIp = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    EntityType = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    EntityId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    EntityName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    BeforeJson = table.Column<string>(type: "TEXT", nullable: false),
                    AfterJson = table.Column<string>(type: "TEXT", nullable: false),
                    DiffJson = table.Column<string>(type: "TEXT", nullable: false),
                    PreviousHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditRecords", x => x.Sequence);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AuditRecords_Action_Sequence",
                table: "AuditRecords",
                columns: new[] { "Action", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditRecords_ActorEmail_Sequence",
                table: "AuditRecords",
                columns: new[] { "ActorEmail", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditRecords_AtUtc",
                table: "AuditRecords",
                column: "AtUtc");

            // Append-only in the database too: the application never changes or removes a record, and neither can
            // a stray statement. (Whoever can drop these triggers can edit the file; the hash chain catches that.)
            migrationBuilder.Sql("""
                CREATE TRIGGER AuditRecords_NoUpdate BEFORE UPDATE ON AuditRecords
                BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER AuditRecords_NoDelete BEFORE DELETE ON AuditRecords
                BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
                """);

            migrationBuilder.CreateIndex(
                name: "IX_AuditRecords_EntityType_EntityId_Sequence",
                table: "AuditRecords",
                columns: new[] { "EntityType", "EntityId", "Sequence" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS AuditRecords_NoUpdate;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS AuditRecords_NoDelete;");
            migrationBuilder.DropTable(
                name: "AuditRecords");
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class AuditIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_AuditRecords_EntityId",
                table: "AuditRecords",
                column: "EntityId");

            migrationBuilder.CreateIndex(
                name: "IX_AuditRecords_EntityType_Sequence_AtUtc",
                table: "AuditRecords",
                columns: new[] { "EntityType", "Sequence", "AtUtc" });

            migrationBuilder.Sql("CREATE INDEX IX_AuditRecords_EntityName ON AuditRecords (EntityName COLLATE NOCASE);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS IX_AuditRecords_EntityName;");
            migrationBuilder.DropIndex(
                name: "IX_AuditRecords_EntityId",
                table: "AuditRecords");

            migrationBuilder.DropIndex(
                name: "IX_AuditRecords_EntityType_Sequence_AtUtc",
                table: "AuditRecords");
        }
    }
}

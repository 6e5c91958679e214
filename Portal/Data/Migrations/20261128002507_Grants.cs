using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class Grants : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Grants",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProviderId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClientId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Owner = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    Scope = table.Column<string>(type: "TEXT", nullable: false),
                    GrantType = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ConsentedOn = table.Column<long>(type: "INTEGER", nullable: false),
                    LastIssuedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RefreshTokenId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RefreshesLeft = table.Column<int>(type: "INTEGER", nullable: false),
                    RefreshExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RevokedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Grants", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ResourceOwners",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProviderId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    NormalizedUserName = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    PasswordHash = table.Column<string>(type: "TEXT", nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ResourceOwners", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ResourceOwners_OAuthProviders_ProviderId",
                        column: x => x.ProviderId,
                        principalTable: "OAuthProviders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TokenCutoffs",
                columns: table => new
                {
                    ProviderId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClientId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    NotBefore = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TokenCutoffs", x => new { x.ProviderId, x.ClientId });
                });

            migrationBuilder.CreateIndex(
                name: "IX_Grants_ExpiresAt",
                table: "Grants",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_Grants_ProviderId_ClientId",
                table: "Grants",
                columns: new[] { "ProviderId", "ClientId" });

            migrationBuilder.CreateIndex(
                name: "IX_ResourceOwners_ProviderId_NormalizedUserName",
                table: "ResourceOwners",
                columns: new[] { "ProviderId", "NormalizedUserName" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Grants");

            migrationBuilder.DropTable(
                name: "ResourceOwners");

            migrationBuilder.DropTable(
                name: "TokenCutoffs");
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class TokenManagement : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FriendlyName = table.Column<string>(type: "TEXT", nullable: true),
                    Xml = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TlsClientProfiles",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false, collation: "NOCASE"),
                    CaCertificatesPem = table.Column<string>(type: "TEXT", nullable: false),
                    ProtectedClientCertificate = table.Column<string>(type: "TEXT", nullable: true),
                    ClientCertificateSubject = table.Column<string>(type: "TEXT", nullable: true),
                    ClientCertificateNotAfterUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    MinimumTlsVersion = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    CheckHostName = table.Column<bool>(type: "INTEGER", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TlsClientProfiles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TokenManagement",
                columns: table => new
                {
                    ProviderId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ResourceOwnerRevocation = table.Column<bool>(type: "INTEGER", nullable: false),
                    ClientRevocation = table.Column<bool>(type: "INTEGER", nullable: false),
                    Endpoint = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    TlsClientProfileId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Security = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Username = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    ProtectedPassword = table.Column<string>(type: "TEXT", nullable: true),
                    RequestHeaderName = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    CustomHeaderPattern = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    CacheType = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CacheTtl = table.Column<int>(type: "INTEGER", nullable: false),
                    FailOnError = table.Column<bool>(type: "INTEGER", nullable: false),
                    TimeoutMs = table.Column<int>(type: "INTEGER", nullable: false),
                    PollIntervalSeconds = table.Column<int>(type: "INTEGER", nullable: false),
                    ClientCredentialsLocation = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ClientIdField = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    ClientSecretField = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    TokenStore = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    MonitoringEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    MonitoringClientAttribute = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    MonitoringCompositeContext = table.Column<bool>(type: "INTEGER", nullable: false),
                    PurgeExpiredEverySeconds = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TokenManagement", x => x.ProviderId);
                    table.ForeignKey(
                        name: "FK_TokenManagement_OAuthProviders_ProviderId",
                        column: x => x.ProviderId,
                        principalTable: "OAuthProviders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_TokenManagement_TlsClientProfiles_TlsClientProfileId",
                        column: x => x.TlsClientProfileId,
                        principalTable: "TlsClientProfiles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_TlsClientProfiles_Name",
                table: "TlsClientProfiles",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TokenManagement_TlsClientProfileId",
                table: "TokenManagement",
                column: "TlsClientProfileId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DataProtectionKeys");

            migrationBuilder.DropTable(
                name: "TokenManagement");

            migrationBuilder.DropTable(
                name: "TlsClientProfiles");
        }
    }
}

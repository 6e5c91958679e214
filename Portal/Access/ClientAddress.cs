namespace Portal.Access;

/// <summary>
/// Where the user's requests come from, for the audit log. An interactive page has no HTTP request of its own: it
/// uses the address of the request that opened it, which <c>Routes</c> hands to the circuit.
/// </summary>
public sealed class ClientAddress(IHttpContextAccessor http)
{
    private string? _circuitAddress;

    public string Value => _circuitAddress ?? http.HttpContext?.Connection.RemoteIpAddress?.ToString() ?? "";

    public void UseForCircuit(string? address) => _circuitAddress = address ?? "";
}

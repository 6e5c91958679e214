using Portal.Domain.Engine.External;

namespace Portal.Components.Shared;

/// <summary>How a connection test's outcome is headed: where it stopped, in a word or two.</summary>
public static class ProbeText
{
    public static string Label(ProbeResult probe) => probe.Stage switch
    {
        ProbeStage.Passed => "Connected.",
        ProbeStage.Dns => "DNS failed.",
        ProbeStage.Tcp => "Connection failed.",
        ProbeStage.Tls => "TLS failed.",
        ProbeStage.Http => "HTTP failed.",
        _ => "Answer not understood.",
    };
}

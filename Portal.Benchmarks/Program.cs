using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace Portal.Benchmarks;

public static class Program
{
    /// <summary>
    /// Runs the benchmarks chosen on the command line (BenchmarkDotNet's switches: --filter, --job, --list ...).
    /// Results go to bin/…/BenchmarkDotNet.Artifacts (git-ignored) unless --artifacts says otherwise.
    /// </summary>
    public static void Main(string[] args)
    {
        var config = DefaultConfig.Instance.WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"));
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
    }
}

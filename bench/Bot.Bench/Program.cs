// Benchmarks: dotnet run -c Release --project bench/Bot.Bench -- <suite>. Each suite lives in its own folder.
return args.Length == 0
    ? Usage()
    : args[0] switch
    {
        "search" => await Bot.Bench.Search.SearchBenchmark.RunAsync(args[1..]),
        _ => Usage(),
    };

static int Usage()
{
    Console.WriteLine("usage: dotnet run -c Release --project bench/Bot.Bench -- <suite>");
    Console.WriteLine("suites: search   index build, query latency p50/p99, allocations and memory vs Lucene.Net");
    return 2;
}

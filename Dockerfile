# syntax=docker/dockerfile:1
# The bot as a container: built and published in the SDK image, run in the ASP.NET runtime image as a non-root user.
#   docker build -t ai-race-bot .
#   docker run -d -e Telegram__Token=... -p 8080:8080 -v "$PWD/knowledge:/app/knowledge:ro" -v bot-data:/app/data ai-race-bot
# See OPERATIONS.md for the settings of each mode.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# global.json is left out (.dockerignore): the SDK of this image is the pin inside the container.
COPY Directory.Build.props Directory.Packages.props ./
COPY src/ src/
COPY knowledge/ knowledge/
RUN dotnet publish src/Bot.Host/Bot.Host.csproj -c Release -o /app --nologo \
    && mkdir -p /app/data

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# The image's non-root user ($APP_UID, "app") owns only the data folder; program and knowledge stay read-only to it.
RUN chown "$APP_UID" /app/data
USER $APP_UID

ENV Http__Urls=http://+:8080 \
    Knowledge__Path=/app/knowledge \
    Storage__Path=/app/data/bot.db \
    DOTNET_NOLOGO=1
EXPOSE 8080
# knowledge: mount the moderators' folder (a git checkout or a shared folder) to serve edits live; data: the SQLite file.
VOLUME ["/app/knowledge", "/app/data"]

# The runtime image has no curl: the program asks its own /readyz and exits 0 (ready) or 1.
HEALTHCHECK --interval=30s --timeout=15s --start-period=60s --retries=3 \
    CMD ["dotnet", "/app/Bot.Host.dll", "healthcheck"]

ENTRYPOINT ["dotnet", "/app/Bot.Host.dll"]

/*
** main.c: `waystation`, the command-line tool: it serves the web application and administers the
** database. Each subcommand lives in a file of its own (cmd_*.c).
*/
#include "cli.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *name;
    cli_command_fn fn;
    const char *summary;
} COMMANDS[] = {
    {"serve", cli_serve, "serve the API and the browser UI"},
    {"init", cli_init, "create a database with the default divisions, and its key file"},
    {"demo", cli_demo, "add demo accounts and synthetic households"},
    {"import", cli_import, "import households from a CSV spreadsheet"},
    {"user", cli_user, "add, disable and enable users, set passwords, list users"},
    {"audit", cli_audit, "verify or list the audit log"},
    {"backup", cli_backup, "make a consistent copy of a running database"},
    {"mpi", cli_mpi, "Alkire-Foster poverty measures (H, A, M0, M1, M2) of a CSV file, exact, as JSON"},
    {"hsds", cli_hsds, "export or import the resource directory as Open Referral HSDS 3.0"},
    {"jsonlogic", cli_jsonlogic, "evaluate a JsonLogic eligibility rule against data and print the result"},
};

static void usage(FILE *f) {
    fprintf(f, "Waystation (救助驿站): service-type social assistance for households in difficulty.\n\n"
               "Usage: waystation COMMAND [OPTIONS]   (waystation COMMAND --help for its options)\n\nCommands:\n");
    for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++)
        fprintf(f, "  %-8s %s\n", COMMANDS[i].name, COMMANDS[i].summary);
    fprintf(f, "\nEvery command takes --db PATH (default %s); the key file PATH.key lives beside it.\n"
               "Exit codes: 0 done, 1 failed, 2 usage error, 3 data refused (bad import rows, broken audit chain),\n"
               "4 no database at --db.\n",
            CLI_DEFAULT_DB);
}

int main(int argc, char **argv) {
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? CLI_USAGE : CLI_OK;
    }
    for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++)
        if (strcmp(argv[1], COMMANDS[i].name) == 0) return COMMANDS[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "waystation: unknown command '%s'\n\n", argv[1]);
    usage(stderr);
    return CLI_USAGE;
}

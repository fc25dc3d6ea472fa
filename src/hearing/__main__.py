from hearing.cli import main

main()

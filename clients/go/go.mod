module pilot/clients/go

go 1.19
